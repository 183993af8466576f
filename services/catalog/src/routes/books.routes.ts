import { AppError, validate, type AppEnv } from "@quire/kit";
import { Hono } from "hono";
import { z } from "zod";
import { isbnSchema } from "@quire/contracts";
import type { Catalog } from "../domain/catalog.ts";

const listQuerySchema = z.object({
  q: z.string().max(200, "must be at most 200 characters").optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export function booksRoutes(catalog: Catalog) {
  return new Hono<AppEnv>()
    .get("/api/books", validate("query", listQuerySchema), (c) => c.json(catalog.search(c.req.valid("query"))))
    .get("/api/books/:isbn", validate("param", z.object({ isbn: isbnSchema })), (c) => {
      const { isbn } = c.req.valid("param");
      const book = catalog.get(isbn);
      if (!book) throw new AppError("NOT_FOUND", `No book with ISBN ${isbn}`);
      return c.json(book);
    });
}
