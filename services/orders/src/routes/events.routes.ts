import { orderShippedSchema } from "@quire/contracts";
import { eventRoute, type AppEnv, type Logger } from "@quire/kit";
import { Hono } from "hono";
import type { OrderRepository } from "../domain/order-repository.ts";

// shipping announces order.shipped on the "shipments" topic; the order follows. Moving to a
// status it already has is a no-op, so a redelivered event changes nothing.
export function eventsRoutes(orders: OrderRepository, logger: Logger, now: () => string) {
  return new Hono<AppEnv>().post(
    "/events/shipments",
    eventRoute(
      {
        "order.shipped": async (event) => {
          const { orderId } = orderShippedSchema.parse(event.data);
          // A shipment for an order this store never had is not ours to track.
          if (!(await orders.get(orderId))) return logger.warn({ orderId }, "order.shipped for an unknown order");
          await orders.move(orderId, "shipped", now());
        },
      },
      logger,
    ),
  );
}
