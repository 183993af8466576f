import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { bookComponent, isbnParamSchema, json, problem } from "./common.ts";

export const bookListQuerySchema = z.object({
  q: z.string().max(200, "must be at most 200 characters").optional().meta({ description: "Matches title or author, any case" }),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const bookPageSchema = z
  .object({ items: z.array(bookComponent), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() })
  .meta({ id: "BookPage" });

export const listBooks = createRoute({
  operationId: "listBooks",
  tags: ["Books"],
  method: "get",
  path: "/api/books",
  summary: "Search the books",
  request: { query: bookListQuerySchema },
  responses: { 200: json(bookPageSchema, "One page of the books that match"), 400: problem("A query parameter is out of range") },
});

export const getBook = createRoute({
  operationId: "getBook",
  tags: ["Books"],
  method: "get",
  path: "/api/books/{isbn}",
  summary: "One book",
  request: { params: isbnParamSchema },
  responses: { 200: json(bookComponent, "The book"), 400: problem("A malformed ISBN"), 404: problem("No book has this ISBN") },
});

// Answered by the recommendations service (Python): it reads the same JSON Schemas.
export const recommendationsSchema = z.object({ items: z.array(bookComponent).max(5) }).meta({ id: "Recommendations" });

export const getRecommendations = createRoute({
  operationId: "getRecommendations",
  tags: ["Books"],
  method: "get",
  path: "/api/recommendations/{isbn}",
  summary: "Readers of this book also bought",
  request: { params: isbnParamSchema },
  responses: {
    200: json(recommendationsSchema, "At most five other books, most bought together first"),
    400: problem("A malformed ISBN"),
    404: problem("No book has this ISBN"),
  },
});
