import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { isbnParamSchema, json, jsonBody, problem } from "./common.ts";

export const MAX_QUANTITY = 99;

export const cartLineSchema = z
  .object({ isbn: z.string(), title: z.string(), quantity: z.number().int().min(1).max(MAX_QUANTITY), priceCents: z.number().int().nonnegative() })
  .meta({ id: "CartLine" });
export const cartViewSchema = z.object({ items: z.array(cartLineSchema), totalCents: z.number().int().nonnegative() }).meta({ id: "Cart" });
export type CartLine = z.infer<typeof cartLineSchema>;
export type CartView = z.infer<typeof cartViewSchema>;

export const quantityBodySchema = z.object({
  quantity: z.number("must be a number").int("must be a whole number").min(0, "must be 0 or more").max(MAX_QUANTITY, `must be at most ${MAX_QUANTITY}`),
});

const tags = ["Cart"];
const CONTENDED = problem("The cart kept changing while it was updated: try again");

export const getCart = createRoute({ operationId: "getCart", tags, method: "get", path: "/api/cart", summary: "The shopper's cart", responses: { 200: json(cartViewSchema, "The cart") } });

export const putCartItem = createRoute({
  operationId: "setCartItem",
  tags,
  method: "put",
  path: "/api/cart/items/{isbn}",
  summary: "Set how many copies of a book are in the cart (0 removes it)",
  request: { params: isbnParamSchema, body: jsonBody(quantityBodySchema) },
  responses: { 200: json(cartViewSchema, "The cart"), 400: problem("A malformed ISBN or quantity"), 404: problem("No book has this ISBN"), 409: CONTENDED },
});

export const deleteCartItem = createRoute({
  operationId: "removeCartItem",
  tags,
  method: "delete",
  path: "/api/cart/items/{isbn}",
  summary: "Take a book out of the cart",
  request: { params: isbnParamSchema },
  responses: { 200: json(cartViewSchema, "The cart"), 400: problem("A malformed ISBN"), 409: CONTENDED },
});

export const clearCart = createRoute({ operationId: "clearCart", tags, method: "delete", path: "/api/cart", summary: "Empty the cart", responses: { 204: { description: "Emptied" } } });
