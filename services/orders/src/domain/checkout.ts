import { createHash } from "node:crypto";
import type { CancellationReason, OrderItem, UndoStep } from "@quire/contracts";
import type { Publisher } from "@quire/kit";
import type { Order } from "./order.ts";
import { cancelOrder } from "./order-ends.ts";
import { orderEvent } from "./order-events.ts";
import type { OrderRepository } from "./order-repository.ts";
import { undoers, type Outcome, type Payments, type Stock } from "./saga-services.ts";

export type { Outcome, Payments, Stock } from "./saga-services.ts";

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

// How a checkout ended, as a code with a fixed set of values (a metric label, never free text).
export type CheckoutEnd = "paid" | "out-of-stock" | "payment-declined" | "payment-unavailable" | "not-completed" | "needs-attention";
export type CheckoutEnded = (end: CheckoutEnd) => void;
const endOf: Record<CancellationReason, CheckoutEnd> = {
  "out of stock": "out-of-stock",
  "card declined": "payment-declined",
  "payment unavailable": "payment-unavailable",
  "not completed": "not-completed",
};

export type Ending = { input: CheckoutInput; reason: CancellationReason };

// The saga's activities: each does one thing, is safe to run twice, and returns plain JSON.
// Each change of the order is written first, then announced: an activity ends only once the
// broker has the event, so a failed publish or a crash in between runs the activity again, which
// finds the change made and announces it again (consumers dedupe by the event's key). `ended`
// hears each checkout's end once, from the call that made it.
export function checkoutActivities(orders: OrderRepository, events: Publisher, stock: Stock, payments: Payments, now: () => string, ended: CheckoutEnded = () => undefined) {
  const undo = undoers(stock, payments);
  const done: Outcome = { ok: true };
  // The order as recorded. Not recorded yet means another caller (the checkout request) holds
  // the claim: retry. Ending a checkout records its order too, should recording have failed.
  const recorded = async (input: CheckoutInput) => {
    const order = await orders.create(placedOrder(input));
    if (!order) throw new Error(`order ${input.orderId} is being recorded elsewhere`);
    return order;
  };
  return {
    async recordOrder(input: CheckoutInput) {
      await events.publish(orderEvent(await recorded(input), "order.placed"));
      return done;
    },
    reserveStock: (input: CheckoutInput) => stock.reserve(input.orderId, input.items),
    chargePayment: (input: CheckoutInput) => payments.charge(input.orderId, input.totalCents, input.card.number),
    async commitStock(input: CheckoutInput) {
      await stock.commit(input.orderId);
      return done;
    },
    async markPaid(input: CheckoutInput) {
      const at = now();
      if ((await orders.move(input.orderId, "paid", at, { paidAt: at })).moved) ended("paid");
      return done;
    },
    // Its own step, retried until the broker has it: once paid, the order is never undone.
    async announcePaid(input: CheckoutInput) {
      const order = await orders.get(input.orderId);
      if (order?.status === "paid") await events.publish(orderEvent(order, "order.paid"));
      return done;
    },
    ...undoActivities(undo),
    async cancelOrder({ input, reason }: Ending) {
      await recorded(input);
      if (await cancelOrder(orders, events, input.orderId, reason, now())) ended(endOf[reason]);
      return done;
    },
    async markNeedsAttention({ input, reason, pending }: Ending & { pending: UndoStep[] }) {
      await recorded(input);
      if ((await orders.needAttention(input.orderId, now(), reason, pending)).moved) ended("needs-attention");
      return done;
    },
  };
}

function undoActivities(undo: ReturnType<typeof undoers>) {
  const run = (step: UndoStep) => async (input: CheckoutInput) => {
    await undo[step](input.orderId);
    return { ok: true } as Outcome;
  };
  return { refundPayment: run("refund"), releaseStock: run("release-reservation"), returnStock: run("return-stock") };
}

export type ActivityName = keyof ReturnType<typeof checkoutActivities>;
