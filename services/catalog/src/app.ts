import { createServiceApp, type Logger } from "@quire/kit";
import type { Catalog } from "./domain/catalog.ts";
import { booksRoutes } from "./routes/books.routes.ts";

export type CatalogDeps = { catalog: Catalog; logger: Logger; appToken?: string };

export function createApp({ catalog, logger, appToken }: CatalogDeps) {
  const app = createServiceApp({ service: "catalog", logger, ...(appToken ? { appToken } : {}) });
  return app.route("/", booksRoutes(catalog));
}
