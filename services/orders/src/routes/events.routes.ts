import { orderShippedSchema, parseEvent } from "@quire/contracts";
import { eventRoute, type AppEnv, type EventHandler, type Logger } from "@quire/kit";
import { Hono } from "hono";
import { ORDER_EVENT_TYPES, type Announcements, type OrderEventType } from "../domain/announcements.ts";
import type { OrderRepository } from "../domain/order-repository.ts";

export type EventsDeps = { orders: OrderRepository; announcements: Announcements; now: () => string };

export function eventsRoutes({ orders, announcements, now }: EventsDeps, logger: Logger) {
  // orders hears its own topic: a receipt per event, so the saga knows what really went out.
  const receipt =
    (type: OrderEventType): EventHandler =>
    async (event) =>
      announcements.heard(type, parseEvent(type, event.data).orderId);
  return (
    new Hono<AppEnv>()
      .post("/events/orders", eventRoute(Object.fromEntries(ORDER_EVENT_TYPES.map((type) => [type, receipt(type)])), logger))
      // shipping announces order.shipped on the "shipments" topic; the order follows. Moving to
      // a status it already has is a no-op, so a redelivered event changes nothing.
      .post(
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
      )
  );
}
