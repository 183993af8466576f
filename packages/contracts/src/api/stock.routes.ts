import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { isbnParamSchema, json, jsonBody, problem } from "./common.ts";

export const availabilitySchema = z.object({ isbn: z.string(), available: z.number().int() }).meta({ id: "Availability" });

export const stockBodySchema = z.object({
  onHand: z.number("must be a number").int("must be a whole number").min(0, "must be 0 or more"),
});

// Copies held for checkouts count in onHand; available is what shoppers may still buy.
export const stockLevelSchema = z.object({ isbn: z.string(), onHand: z.number().int(), available: z.number().int() }).meta({ id: "StockLevel" });
export type StockLevel = z.infer<typeof stockLevelSchema>;

export const getAvailability = createRoute({
  operationId: "getAvailability",
  tags: ["Books"],
  method: "get",
  path: "/api/inventory/{isbn}",
  summary: "How many copies a shopper could still buy",
  request: { params: isbnParamSchema },
  responses: { 200: json(availabilitySchema, "The copies available"), 400: problem("A malformed ISBN"), 404: problem("No stock is kept for this ISBN") },
});

export const putStock = createRoute({
  operationId: "setStock",
  tags: ["Staff"],
  method: "put",
  path: "/api/admin/stock/{isbn}",
  summary: "Set the copies on the shelf (staff)",
  request: { params: isbnParamSchema, body: jsonBody(stockBodySchema) },
  responses: {
    200: json(stockLevelSchema, "The new stock level"),
    400: problem("A malformed ISBN or onHand"),
    409: problem("Fewer copies than checkouts hold, or the stock kept changing: try again"),
  },
});
