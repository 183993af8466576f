import { createHash } from "node:crypto";
import type { OrderItem } from "@quire/contracts";
import type { Publisher } from "@quire/kit";
import type { Order } from "./order.ts";
import { orderEvent, type OrderEventType } from "./order-events.ts";
import type { OrderRepository } from "./order-repository.ts";

export type CheckoutInput = {
  orderId: string;
  userId: string;
  items: OrderItem[];
  totalCents: number;
  card: { number: string };
  address: { name: string; line1: string; city: string; postalCode: string; country: string };
  placedAt: string;
  // The checkout request's trace: the saga's activities run in it, so their calls join it.
  traceparent?: string | undefined;
};

// A step's answer: done, or refused for good (with the reason the shopper sees). A transient
// failure is thrown instead, and the workflow retries it.
export type Outcome = { ok: true } | { ok: false; reason: string };

// The other services the saga drives, each call idempotent per order id.
export interface Stock {
  reserve(orderId: string, items: ReadonlyArray<{ isbn: string; quantity: number }>): Promise<Outcome>;
  commit(orderId: string): Promise<void>;
  release(orderId: string): Promise<void>;
}
export interface Payments {
  charge(orderId: string, amountCents: number, cardNumber: string): Promise<Outcome>;
  refund(orderId: string): Promise<void>;
}

// One checkout request, one order id: the id is derived from the shopper and the request's
// idempotency key, so a retried request (by the client, or by a sidecar after a timeout) finds
// the order its first attempt placed instead of placing a second one.
export function orderIdFor(userId: string, idempotencyKey: string): string {
  const hex = createHash("sha256").update(`${userId}\n${idempotencyKey}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function placedOrder(input: CheckoutInput) {
  const { orderId, userId, items, totalCents, placedAt } = input;
  const order: Order = { id: orderId, userId, status: "placed", items, totalCents, createdAt: placedAt, updatedAt: placedAt };
  return order;
}

// The saga's activities: each does one thing, is safe to run twice, and returns plain JSON.
// How a checkout ended, as a code with a fixed set of values (a metric label, never free text).
export type CheckoutEnd = "paid" | "out-of-stock" | "payment-declined" | "payment-unavailable" | "not-completed";
export type CheckoutEnded = (end: CheckoutEnd) => void;

// Each change of the order is written first, then announced: an activity ends only once the
// broker has the event, so a failed publish or a crash in between runs the activity again, which
// finds the change made and announces it again (consumers dedupe by the event's key). `ended`
// hears each checkout's end once, from the call that made it.
export function checkoutActivities(orders: OrderRepository, events: Publisher, stock: Stock, payments: Payments, now: () => string, ended: CheckoutEnded = () => undefined) {
  // Announces `type` if the order is (still) in the status that event reports.
  const announceIf = async (order: Order, status: Order["status"], type: OrderEventType) => {
    if (order.status === status) await events.publish(orderEvent(order, type));
  };
  return {
    async recordOrder(input: CheckoutInput) {
      // Not recorded yet means another caller (the checkout request) holds the claim: retry.
      const order = await orders.create(placedOrder(input));
      if (!order) throw new Error(`order ${input.orderId} is being recorded elsewhere`);
      await events.publish(orderEvent(order, "order.placed"));
      return { ok: true } as Outcome;
    },
    reserveStock: (input: CheckoutInput) => stock.reserve(input.orderId, input.items),
    chargePayment: (input: CheckoutInput) => payments.charge(input.orderId, input.totalCents, input.card.number),
    async commitStock(input: CheckoutInput) {
      await stock.commit(input.orderId);
      return { ok: true } as Outcome;
    },
    async markPaid(input: CheckoutInput) {
      const at = now();
      const { order, moved } = await orders.move(input.orderId, "paid", at, { paidAt: at });
      if (moved) ended("paid");
      await announceIf(order, "paid", "order.paid");
      return { ok: true } as Outcome;
    },
    async releaseStock(input: CheckoutInput) {
      await stock.release(input.orderId);
      return { ok: true } as Outcome;
    },
    async refundPayment(input: CheckoutInput) {
      await payments.refund(input.orderId);
      return { ok: true } as Outcome;
    },
    async cancelOrder({ input, reason, end }: { input: CheckoutInput; reason: string; end: CheckoutEnd }) {
      const { order, moved } = await orders.move(input.orderId, "cancelled", now(), { reason });
      if (moved) ended(end);
      await announceIf(order, "cancelled", "order.cancelled");
      return { ok: true } as Outcome;
    },
  };
}

export type ActivityName = keyof ReturnType<typeof checkoutActivities>;
