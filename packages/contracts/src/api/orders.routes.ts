import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { orderItemSchema } from "../events.ts";
import { cancellationReasonSchema, orderStatusSchema, undoStepSchema } from "../orders.ts";
import { chargeSchema, reservationSchema, shipmentSchema } from "../records.ts";
import { addressSchema, json, jsonBody, orderIdSchema, problem } from "./common.ts";

export const checkoutBodySchema = z.object({
  card: z.object({ number: z.string("is required").regex(/^\d{12,19}$/, "must be 12-19 digits").meta({ example: "4242424242424242" }) }),
  address: addressSchema,
});
export type CheckoutBody = z.infer<typeof checkoutBodySchema>;

export const idempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,200}$/, "must be 1-200 visible ASCII characters");
export const orderIdParamSchema = z.object({ id: orderIdSchema });

// What a shopper sees of an order; staff see more (staffOrderSchema).
export const orderViewSchema = z
  .object({
    id: z.string(),
    status: orderStatusSchema,
    reason: cancellationReasonSchema.optional().meta({ description: "Why it was (or, needing attention, will be) cancelled" }),
    items: z.array(orderItemSchema),
    totalCents: z.number().int().nonnegative(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Order" });
export type OrderView = z.infer<typeof orderViewSchema>;

export const orderListSchema = z.object({ items: z.array(orderViewSchema) }).meta({ id: "OrderList" });
export const acceptedSchema = z.object({ orderId: z.string() }).meta({ id: "CheckoutAccepted" });

// Any shopper's order as staff see it: its owner, and what is left to undo of a failed checkout.
export const staffOrderSchema = orderViewSchema
  .extend({ userId: z.string(), pending: z.array(undoStepSchema).optional().meta({ description: "needs-attention only: what is still to undo" }), paidAt: z.string().optional() })
  .meta({ id: "StaffOrder" });
export const staffOrderViewSchema = z
  .object({ order: staffOrderSchema, reservation: reservationSchema.nullable(), charge: chargeSchema.nullable(), shipment: shipmentSchema.nullable() })
  .meta({ id: "StaffOrderView" });
export type StaffOrderView = z.infer<typeof staffOrderViewSchema>;
export const attentionQuerySchema = z.object({
  status: orderStatusSchema.extract(["needs-attention"], { error: "only needs-attention orders can be listed" }),
});

export const checkout = createRoute({
  operationId: "checkout",
  tags: ["Orders"],
  method: "post",
  path: "/api/checkout",
  summary: "Order what is in the cart",
  description: "Starts the checkout saga and answers at once; follow the order at Location. The same Idempotency-Key answers with the same order.",
  request: { headers: z.object({ "idempotency-key": idempotencyKeySchema.optional() }), body: jsonBody(checkoutBodySchema) },
  responses: {
    202: { ...json(acceptedSchema, "The order is placed; the saga goes on"), headers: z.object({ location: z.string().meta({ description: "The order: /api/orders/{id}" }) }) },
    400: problem("An empty cart, a bad field or Idempotency-Key"),
    409: problem("A book in the cart is no longer sold"),
  },
});

export const listOrders = createRoute({
  operationId: "listOrders",
  tags: ["Orders"],
  method: "get",
  path: "/api/orders",
  summary: "The shopper's orders, newest first",
  responses: { 200: json(orderListSchema, "The orders") },
});

export const getOrder = createRoute({
  operationId: "getOrder",
  tags: ["Orders"],
  method: "get",
  path: "/api/orders/{id}",
  summary: "One of the shopper's orders",
  request: { params: orderIdParamSchema },
  responses: { 200: json(orderViewSchema, "The order"), 400: problem("A malformed order id"), 404: problem("No such order (another shopper's is not found either)") },
});

export const getStaffOrder = createRoute({
  operationId: "getStaffOrder",
  tags: ["Staff"],
  method: "get",
  path: "/api/admin/orders/{id}",
  summary: "Any order, with its reservation, charge and shipment (staff)",
  request: { params: orderIdParamSchema },
  responses: { 200: json(staffOrderViewSchema, "The order and what each service holds about it (null: nothing)"), 400: problem("A malformed order id"), 404: problem("No such order") },
});

export const listAttentionOrders = createRoute({
  operationId: "listAttentionOrders",
  tags: ["Staff"],
  method: "get",
  path: "/api/admin/orders",
  summary: "Every order that needs attention (staff)",
  request: { query: attentionQuerySchema },
  responses: { 200: json(z.object({ items: z.array(staffOrderSchema) }).meta({ id: "StaffOrderList" }), "The orders, with what remains to undo"), 400: problem("A status other than needs-attention") },
});
