import { orderPlacedSchema } from "@quire/contracts";
import { eventRoute, type AppEnv, type Logger } from "@quire/kit";
import { Hono } from "hono";
import type { CartService } from "../domain/cart-service.ts";

// An order was placed: its cart has become the order, so it is emptied. Clearing twice is
// the same as once, so a redelivered event changes nothing.
export function eventsRoutes(carts: CartService, logger: Logger) {
  return new Hono<AppEnv>().post(
    "/events/orders",
    eventRoute({ "order.placed": async (event) => carts.clear(orderPlacedSchema.parse(event.data).userId) }, logger),
  );
}
