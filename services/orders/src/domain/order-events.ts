import { eventKey, type EventType } from "@quire/contracts";
import type { DomainEvent } from "@quire/kit";
import type { Order } from "./order.ts";

export type OrderEventType = Extract<EventType, "order.placed" | "order.paid" | "order.cancelled">;

// The event that announces an order's change, built from the order alone: announced again (an
// activity retried after a failed publish, or a crash), it says exactly what it said before.
export function orderEvent(order: Order, type: OrderEventType): DomainEvent {
  const { id: orderId, userId, totalCents } = order;
  const key = eventKey(type, orderId);
  switch (type) {
    case "order.placed":
      return { key, type, data: { orderId, userId, items: order.items, totalCents, at: order.createdAt } };
    case "order.paid":
      return { key, type, data: { orderId, userId, items: order.items, totalCents, at: order.paidAt ?? order.updatedAt } };
    case "order.cancelled":
      return { key, type, data: { orderId, userId, reason: order.reason ?? "not completed", at: order.updatedAt } };
  }
}
