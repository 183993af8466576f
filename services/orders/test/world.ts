import { CANCELLATION_REASONS } from "@quire/contracts";
import { MemoryPublisher, MemoryStateStore } from "@quire/kit";
import { checkoutActivities, type CheckoutInput, type Outcome, type Payments, type Stock } from "../src/domain/checkout.ts";
import { checkoutWorkflow } from "../src/domain/checkout.workflow.ts";
import { OrderRepository } from "../src/domain/order-repository.ts";
import { sweepAttention } from "../src/domain/attention-sweep.ts";
import { undoers } from "../src/domain/saga-services.ts";
import { runSaga } from "./saga-driver.ts";

export const INITIAL = 5;
export const input: CheckoutInput = {
  orderId: "o-1",
  userId: "u-1",
  items: [{ isbn: "9780000000002", title: "A", quantity: 2, priceCents: 500 }],
  totalCents: 1000,
  card: { number: "4242424242424242" },
  address: { name: "Ann", line1: "1 Road", city: "Town", postalCode: "123", country: "GB" },
  placedAt: "2026-01-01T00:00:00.000Z",
};

// Where a step can fail: a call to inventory or payments, or an activity of our own.
export type FailingStep = "record" | "reserve" | "charge" | "commit" | "mark paid" | "release" | "refund" | "return stock";
// before: the call changes nothing; after: it changes what it should, and its answer is lost.
export type Failure = { step: FailingStep; when: "before" | "after" };

// Inventory and payments in memory, as they behave: one book with INITIAL copies on hand,
// reservations that hold, sell and give copies back once each; one charge per order.
export function world(failures: Failure[] = [], { declined = false, now = (): string => "2026-01-01T00:01:00.000Z" } = {}) {
  const failing = new Map(failures.map((f) => [f.step, f.when]));
  const failed = (step: FailingStep) => new Error(`${step} failed`);
  // Runs `effect` under the failure planned for `step` (until healed).
  async function call<T>(step: FailingStep, effect: () => T | Promise<T>): Promise<T> {
    const when = failing.get(step);
    if (when === "before") throw failed(step);
    const result = await effect();
    if (when === "after") throw failed(step);
    return result;
  }

  const shelf = { onHand: INITIAL, reservation: undefined as undefined | { quantity: number; status: "reserved" | "released" | "committed" | "returned" } };
  const held = () => (shelf.reservation?.status === "reserved" ? shelf.reservation.quantity : 0);
  const stock: Stock = {
    reserve: (_id, items) =>
      call("reserve", (): Outcome => {
        const quantity = items.reduce((n, l) => n + l.quantity, 0);
        if (!shelf.reservation && shelf.onHand - held() < quantity) return { ok: false, reason: CANCELLATION_REASONS["out of stock"] };
        shelf.reservation ??= { quantity, status: "reserved" };
        return { ok: true };
      }),
    commit: (_id) =>
      call("commit", () => {
        const r = shelf.reservation;
        if (r?.status === "committed") return;
        if (r?.status !== "reserved") throw new Error("nothing to commit");
        r.status = "committed";
        shelf.onHand -= r.quantity;
      }),
    release: (_id) =>
      call("release", () => {
        if (shelf.reservation?.status === "reserved") shelf.reservation.status = "released";
      }),
    returnStock: (_id) =>
      call("return stock", () => {
        const r = shelf.reservation;
        if (r?.status === "reserved") throw new Error("still held: release it");
        if (r?.status !== "committed") return;
        r.status = "returned";
        shelf.onHand += r.quantity;
      }),
  };

  const charge = { status: undefined as undefined | "succeeded" | "declined" | "refunded" };
  const payments: Payments = {
    charge: () =>
      call("charge", (): Outcome => {
        charge.status ??= declined ? "declined" : "succeeded";
        return charge.status === "declined" ? { ok: false, reason: CANCELLATION_REASONS["card declined"] } : { ok: true };
      }),
    refund: () =>
      call("refund", () => {
        if (charge.status === "succeeded") charge.status = "refunded";
      }),
  };

  const events = new MemoryPublisher();
  const orders = new OrderRepository(new MemoryStateStore());
  const activities = checkoutActivities(orders, events, stock, payments, now);
  const { recordOrder, markPaid } = activities;
  activities.recordOrder = (i) => call("record", () => recordOrder(i));
  activities.markPaid = (i) => call("mark paid", () => markPaid(i));

  return {
    orders,
    events,
    activities,
    run: () => runSaga((ctx) => checkoutWorkflow(ctx, input), activities),
    sweep: () => sweepAttention(orders, events, undoers(stock, payments), now),
    // Those steps (all, if none named) work from now on.
    heal: (...steps: FailingStep[]) => (steps.length ? steps.forEach((s) => failing.delete(s)) : failing.clear()),
    // What a shopper and the shop would notice.
    async state() {
      const order = await orders.get(input.orderId);
      return {
        order: order?.status,
        reason: order?.reason,
        pending: order?.pending,
        onHand: shelf.onHand,
        held: held(),
        sold: shelf.reservation?.status === "committed" ? shelf.reservation.quantity : 0,
        charge: charge.status,
      };
    },
  };
}
