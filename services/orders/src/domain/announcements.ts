import { eventKey, type EventType } from "@quire/contracts";
import type { OutboxEvent, StateStore } from "@quire/kit";
import type { Order, OrderStatus } from "./order.ts";
import type { OrderRepository } from "./order-repository.ts";

export type OrderEventType = Extract<EventType, "order.placed" | "order.paid" | "order.cancelled">;
export const ORDER_EVENT_TYPES: readonly OrderEventType[] = ["order.placed", "order.paid", "order.cancelled"];

// The event that announces an order's change, built from the order alone: announced again
// later, it says exactly what it said the first time.
export function announcement(order: Order, type: OrderEventType): OutboxEvent {
  const { id: orderId, userId, totalCents } = order;
  switch (type) {
    case "order.placed":
      return { type, data: { orderId, userId, items: order.items, totalCents, at: order.createdAt } };
    case "order.paid":
      return { type, data: { orderId, userId, totalCents, at: order.paidAt ?? order.updatedAt } };
    case "order.cancelled":
      return { type, data: { orderId, userId, reason: order.reason ?? "cancelled", at: order.updatedAt } };
  }
}

// The events an order in this status has announced.
const announced: Record<OrderStatus, readonly OrderEventType[]> = {
  placed: ["order.placed"],
  paid: ["order.placed", "order.paid"],
  shipped: ["order.placed", "order.paid"],
  cancelled: ["order.placed", "order.cancelled"],
};

const receiptKey = (type: EventType, orderId: string) => `heard:${eventKey(type, orderId)}`;
// Receipts matter only until the saga has confirmed its order's events (minutes); a day is plenty.
const RECEIPT_TTL_SECONDS = 86_400;

// Dapr's outbox can lose an event. It publishes an internal message before it commits the state,
// looks for the commit for about 11 s, then gives up on the message, and the broker drops what a
// subscriber gave up on (Redis streams acknowledges it): a commit that lands late, or a failed
// forward, and the change is never announced. So orders hears its own topic and keeps a receipt
// per event, and the saga, once its order has an outcome, checks the receipts and announces again
// whatever was not heard. Consumers dedupe by eventKey, so hearing an event twice is harmless.
export class Announcements {
  constructor(
    private readonly state: StateStore,
    private readonly orders: OrderRepository,
  ) {}

  async heard(type: EventType, orderId: string): Promise<void> {
    await this.state.save(receiptKey(type, orderId), true, { ttlSeconds: RECEIPT_TTL_SECONDS });
  }

  // Announces again each event of the order that was not heard, and order.paid while a paid
  // order has not shipped (shipping answers a repeated order.paid by announcing its shipment
  // again, so a lost order.shipped is found too). Returns what it announced again: none = done.
  async confirm(orderId: string): Promise<OrderEventType[]> {
    const order = await this.orders.get(orderId);
    if (!order) throw new Error(`Order ${orderId} does not exist`);
    const expected = announced[order.status];
    const heard = await this.state.getMany(expected.map((type) => receiptKey(type, orderId)));
    const again = expected.filter((type) => !heard.has(receiptKey(type, orderId)) || (type === "order.paid" && order.status === "paid"));
    for (const type of again) await this.orders.announceAgain(orderId, type);
    return again;
  }
}
