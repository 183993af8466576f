import { api } from "@quire/contracts";
import { AppError, openApiRoutes, type AppEnv } from "@quire/kit";
import type { Catalog } from "../domain/catalog.ts";

export function booksRoutes(catalog: Catalog) {
  return openApiRoutes<AppEnv>()
    .openapi(api.listBooks, (c) => c.json(catalog.search(c.req.valid("query")), 200))
    .openapi(api.getBook, (c) => {
      const { isbn } = c.req.valid("param");
      const book = catalog.get(isbn);
      if (!book) throw new AppError("NOT_FOUND", `No book with ISBN ${isbn}`);
      return c.json(book, 200);
    });
}
