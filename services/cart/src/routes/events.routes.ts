import { orderPlacedSchema } from "@quire/contracts";
import { eventRoute, type AppEnv, type Logger } from "@quire/kit";
import { Hono } from "hono";
import type { CartService } from "../domain/cart-service.ts";

// An order was placed: its cart has become the order, so it is emptied (unless the shopper has
// filled it again since). Clearing twice is the same as once: a redelivery changes nothing.
export function eventsRoutes(carts: CartService, logger: Logger) {
  return new Hono<AppEnv>().post(
    "/events/orders",
    eventRoute(
      {
        "order.placed": async (event) => {
          const { userId, at } = orderPlacedSchema.parse(event.data);
          await carts.clearOrdered(userId, at);
        },
      },
      logger,
    ),
  );
}
