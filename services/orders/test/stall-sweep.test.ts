import { describe, expect, it } from "vitest";
import { STALL_MS, sweepStalled, type Saga, type SagaEngine } from "../src/domain/stall-sweep.ts";
import { INITIAL, input, world } from "./world.ts";

const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const AFTER = INITIAL - 2; // the order is for 2 copies

// A shop whose clock the test moves, and a workflow engine that reports the saga as the test
// says and, asked to restart it, runs the whole saga again in-process (as Dapr would, from its input).
function stalledWorld(saga: Saga) {
  let clock = T0;
  const w = world([], { now: () => new Date(clock).toISOString() });
  const restarts: string[] = [];
  const engine: SagaEngine = {
    inspect: async () => saga,
    restart: async (again) => {
      restarts.push(again.orderId);
      await w.run();
    },
  };
  return {
    ...w,
    restarts,
    sweepAttention: w.sweep,
    at: (ms: number) => void (clock = T0 + ms),
    sweep: () => sweepStalled(w.orders, engine, w.events, () => new Date(clock).toISOString()),
    announced: (type: string) => w.events.published.filter((e) => e.type === type),
  };
}

describe("the stall sweep", () => {
  it("starts a saga that stopped mid-way again: the order ends paid, charged once, its copies sold once", async () => {
    const w = stalledWorld({ state: "running", lastUpdatedAt: new Date(T0).toISOString(), input });
    // The saga recorded the order, held the copies and charged the card, then stopped (a timer lost).
    await w.activities.recordOrder(input);
    await w.activities.reserveStock(input);
    await w.activities.chargePayment(input);

    w.at(STALL_MS - 1_000);
    expect(await w.sweep()).toEqual({ open: 1, restarted: 0, reannounced: 0, abandoned: 0, ended: 0 });
    w.at(STALL_MS + 1_000);
    expect(await w.sweep()).toEqual({ open: 1, restarted: 1, reannounced: 0, abandoned: 0, ended: 0 });
    expect(w.restarts).toEqual([input.orderId]);
    expect(await w.state()).toEqual({ order: "paid", reason: undefined, pending: undefined, onHand: AFTER, held: 0, sold: 2, charge: "succeeded" });
    // Announced again by the rerun, under the same key: consumers take it once.
    expect(new Set(w.announced("order.placed").map((e) => e.key)).size).toBe(1);
    expect(w.announced("order.paid")).toHaveLength(1);
  });

  it("leaves a saga that is still moving alone, however old its order", async () => {
    const w = stalledWorld({ state: "running", lastUpdatedAt: new Date(T0 + 5 * STALL_MS).toISOString(), input });
    await w.activities.recordOrder(input);
    w.at(5 * STALL_MS + 1_000);
    expect(await w.sweep()).toEqual({ open: 1, restarted: 0, reannounced: 0, abandoned: 0, ended: 0 });
    expect(w.restarts).toEqual([]);
  });

  it("announces a paid order that was not shipped again, once per stall period, under the same key", async () => {
    const w = stalledWorld({ state: "ended", lastUpdatedAt: new Date(T0).toISOString(), input });
    expect((await w.run()).result).toBe("paid");
    const first = w.announced("order.paid");
    expect(first).toHaveLength(1);

    w.at(STALL_MS + 1_000);
    expect(await w.sweep()).toMatchObject({ open: 1, reannounced: 1 });
    // A second sweep (another orders replica, or the next call) within the period does nothing.
    expect(await w.sweep()).toMatchObject({ open: 1, reannounced: 0 });
    w.at(2 * STALL_MS + 2_000);
    expect(await w.sweep()).toMatchObject({ open: 1, reannounced: 1 });
    expect(w.announced("order.paid").map((e) => e.key)).toEqual([first[0]!.key, first[0]!.key, first[0]!.key]);
    expect(w.restarts).toEqual([]);
  });

  it("hands a placed order whose saga the engine lost to the attention sweep, which undoes it and cancels it", async () => {
    const w = stalledWorld({ state: "missing" });
    await w.activities.recordOrder(input);
    await w.activities.reserveStock(input);
    expect((await w.state()).held).toBe(2);

    w.at(STALL_MS + 1_000);
    expect(await w.sweep()).toEqual({ open: 1, restarted: 0, reannounced: 0, abandoned: 1, ended: 0 });
    expect(await w.state()).toMatchObject({ order: "needs-attention", pending: ["refund", "release-reservation", "return-stock"] });
    await w.sweepAttention();
    expect(await w.state()).toEqual({ order: "cancelled", reason: "not completed", pending: undefined, onHand: INITIAL, held: 0, sold: 0, charge: undefined });
    expect(w.announced("order.cancelled")).toHaveLength(1);
  });

  it("announces an ended order's own events a second time, under the same keys, and drops it from the open list", async () => {
    const w = stalledWorld({ state: "ended", input });
    await w.activities.recordOrder(input);
    expect((await w.orders.open()).map((o) => o.id)).toEqual([input.orderId]);
    await w.activities.cancelOrder({ input, reason: "card declined" });
    const before = w.events.published.map((e) => e.key);
    expect(await w.sweep()).toEqual({ open: 0, restarted: 0, reannounced: 0, abandoned: 0, ended: 1 });
    expect(w.events.published.map((e) => e.key)).toEqual([...before, ...before]);
    expect(await w.orders.open()).toEqual([]);
    // Once: the next sweep finds nothing listed.
    expect(await w.sweep()).toEqual({ open: 0, restarted: 0, reannounced: 0, abandoned: 0, ended: 0 });
    expect(w.events.published).toHaveLength(2 * before.length);
  });

  it("keeps an ended order listed while the broker refuses its second announcement", async () => {
    const w = stalledWorld({ state: "ended", input });
    expect((await w.run()).result).toBe("paid");
    await w.orders.move(input.orderId, "shipped", new Date(T0).toISOString());
    w.events.refusals["order.placed"] = 1;
    await expect(w.sweep()).rejects.toThrow(/failed on 1 orders/);
    expect((await w.orders.open()).map((o) => o.id)).toEqual([input.orderId]);
    expect(await w.sweep()).toMatchObject({ ended: 1 });
    // A shipped order's order.paid reached shipping: only order.placed goes out again.
    expect(w.announced("order.placed")).toHaveLength(2);
    expect(w.announced("order.paid")).toHaveLength(1);
  });
});
