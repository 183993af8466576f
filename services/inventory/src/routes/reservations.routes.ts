import { isbnSchema } from "@quire/contracts";
import { AppError, validate, type AppEnv } from "@quire/kit";
import { Hono } from "hono";
import { z } from "zod";
import type { InventoryService, ReservationOutcome } from "../domain/inventory-service.ts";

const orderIdSchema = z.string("must be a string").regex(/^[A-Za-z0-9_-]{1,100}$/, "must be 1-100 letters, digits, '-' or '_'");
const orderParamSchema = z.object({ orderId: orderIdSchema });
const reserveBodySchema = z.object({
  orderId: orderIdSchema,
  items: z
    .array(
      z.object({
        isbn: isbnSchema,
        quantity: z.number("must be a number").int("must be a whole number").min(1, "must be at least 1").max(99, "must be at most 99"),
      }),
      "must be a list",
    )
    .min(1, "must not be empty")
    .max(50, "must have at most 50 lines"),
});

// For the checkout saga, by service invocation. Every call is idempotent per order id, because
// the saga retries its steps. A 409 on reserve is a final refusal: the saga does not retry it.
export function reservationsRoutes(inventory: InventoryService) {
  return new Hono<AppEnv>()
    .post("/reservations", validate("json", reserveBodySchema), async (c) => {
      const { orderId, items } = c.req.valid("json");
      return c.json(held(await inventory.reserve(orderId, items)));
    })
    .get("/reservations/:orderId", validate("param", orderParamSchema), async (c) => {
      const { orderId } = c.req.valid("param");
      const found = await inventory.reservation(orderId);
      if (!found) throw new AppError("NOT_FOUND", `No reservation for order ${orderId}.`);
      return c.json(found);
    })
    .post("/reservations/:orderId/release", validate("param", orderParamSchema), async (c) => {
      const { orderId, status } = await inventory.release(c.req.valid("param").orderId);
      return c.json({ orderId, status });
    })
    .post("/reservations/:orderId/commit", validate("param", orderParamSchema), async (c) => {
      const { orderId, status } = await inventory.commit(c.req.valid("param").orderId);
      return c.json({ orderId, status });
    })
    .post("/reservations/:orderId/return", validate("param", orderParamSchema), async (c) => {
      const { orderId, status } = await inventory.returnStock(c.req.valid("param").orderId);
      return c.json({ orderId, status });
    });
}

// Reserved (or, asked again after checkout, committed) is a success; anything else is a refusal.
function held({ orderId, status, reason }: ReservationOutcome) {
  if (status === "reserved" || status === "committed") return { orderId, status };
  throw new AppError("CONFLICT", reason ?? `The reservation for order ${orderId} was ${status}.`);
}
