import { parseEvent } from "@quire/contracts";
import { MemoryPublisher, MemoryStateStore } from "@quire/kit";
import { describe, expect, it } from "vitest";
import { checkoutActivities, placedOrder, type Outcome, type Payments, type Stock } from "../src/domain/checkout.ts";
import { checkoutWorkflow } from "../src/domain/checkout.workflow.ts";
import { OrderRepository } from "../src/domain/order-repository.ts";
import { runSaga } from "./saga-driver.ts";
import { input } from "./world.ts";


// `refusals`: how many events of each type the broker refuses first; `recordFailures`: how often
// recording the order fails first (a claim held elsewhere, a busy store).
function world({ reserve = { ok: true } as Outcome, charges = [] as Array<Outcome | "error">, refusals = {} as Record<string, number>, recordFailures = 0 } = {}) {
  const log: string[] = [];
  const stock: Stock = {
    reserve: async () => (log.push("reserve"), reserve),
    commit: async () => void log.push("commit"),
    release: async () => void log.push("release"),
    returnStock: async () => void log.push("return"),
  };
  const payments: Payments = {
    charge: async () => {
      log.push("charge");
      const next = charges.shift() ?? { ok: true };
      if (next === "error") throw new Error("provider down");
      return next;
    },
    refund: async () => void log.push("refund"),
  };
  const state = new MemoryStateStore();
  const events = new MemoryPublisher(refusals);
  const orders = new OrderRepository(state);
  const ends: string[] = [];
  const activities = checkoutActivities(orders, events, stock, payments, () => "2026-01-01T00:01:00.000Z", (end) => ends.push(end));
  const recordOrder = activities.recordOrder;
  activities.recordOrder = async (i) => {
    if (recordFailures-- > 0) throw new Error(`order ${i.orderId} is being recorded elsewhere`);
    return recordOrder(i);
  };
  const run = () => runSaga((ctx) => checkoutWorkflow(ctx, input), activities);
  return { log, events, orders, run, ends };
}

describe("checkout saga", () => {
  it.each([
    ["paid", {}, "paid"],
    ["out of stock", { reserve: { ok: false, reason: "out of stock" } as Outcome }, "out-of-stock"],
    ["declined", { charges: [{ ok: false, reason: "card declined" }] as Outcome[] }, "payment-declined"],
    ["provider down", { charges: Array(10).fill("error") as "error"[] }, "payment-unavailable"],
    ["paid, its announcement refused twice", { refusals: { "order.paid": 2 } }, "paid"],
  ] as const)("tells how a checkout ended, once: %s", async (_case, options, end) => {
    const w = world(options);
    await w.run();
    expect(w.ends).toEqual([end]);
  });

  it("reserves, charges, commits and marks the order paid", async () => {
    const w = world();
    expect((await w.run()).result).toBe("paid");
    expect(w.log).toEqual(["reserve", "charge", "commit"]);
    expect((await w.orders.get("o-1"))?.status).toBe("paid");
    expect(w.events.published.map((e) => e.type)).toEqual(["order.placed", "order.paid"]);
    // order.paid carries what was paid for, in the contract's shape (recommendations counts it).
    const paid = parseEvent("order.paid", w.events.published[1]!.data);
    expect(paid.items).toEqual((await w.orders.get("o-1"))!.items);
  });

  it.each([
    ["order.placed", "recordOrder"],
    ["order.paid", "announcePaid"],
  ] as const)("announces %s even when the broker refuses it twice: %s runs again, the order changes once", async (type, activity) => {
    const w = world({ refusals: { [type]: 2 } });
    const { result, ran } = await w.run();
    expect(result).toBe("paid");
    expect(ran.filter((a) => a === activity)).toHaveLength(3);
    expect(w.events.published.map((e) => e.key)).toEqual(["order.placed:o-1", "order.paid:o-1"]);
    expect(w.log).toEqual(["reserve", "charge", "commit"]);
  });

  it("announces order.cancelled even when the broker refuses it at first", async () => {
    const w = world({ reserve: { ok: false, reason: "out of stock" as const }, refusals: { "order.cancelled": 1 } });
    expect((await w.run()).result).toBe("cancelled");
    expect(w.events.published.map((e) => e.key)).toEqual(["order.placed:o-1", "order.cancelled:o-1"]);
    expect(w.events.published[1]?.data).toMatchObject({ reason: "out of stock" });
  });

  it("cancels without charging when stock is short", async () => {
    const w = world({ reserve: { ok: false, reason: "out of stock" as const } });
    expect((await w.run()).result).toBe("cancelled");
    expect(w.log).toEqual(["reserve"]);
    expect(await w.orders.get("o-1")).toMatchObject({ status: "cancelled", reason: "out of stock" });
    expect(w.events.published.map((e) => e.type)).toEqual(["order.placed", "order.cancelled"]);
  });

  it("releases the stock and cancels when the card is declined", async () => {
    const w = world({ charges: [{ ok: false, reason: "card declined" as const }] });
    expect((await w.run()).result).toBe("cancelled");
    expect(w.log).toEqual(["reserve", "charge", "refund", "release"]);
    expect(await w.orders.get("o-1")).toMatchObject({ status: "cancelled", reason: "card declined" });
  });

  it("retries a transient payment failure and completes once", async () => {
    const w = world({ charges: ["error", "error", { ok: true }] });
    const { result, ran } = await w.run();
    expect(result).toBe("paid");
    expect(ran.filter((a) => a === "chargePayment")).toHaveLength(3);
    expect(w.events.published.filter((e) => e.type === "order.paid")).toHaveLength(1);
  });

  it("gives up on a provider that stays down, compensating in reverse", async () => {
    const w = world({ charges: Array(10).fill("error") });
    expect((await w.run()).result).toBe("cancelled");
    expect(w.log.slice(-2)).toEqual(["refund", "release"]);
    expect((await w.orders.get("o-1"))?.reason).toBe("payment unavailable");
  });

  it("keeps trying to record its order for minutes (a claim held elsewhere, a busy store)", async () => {
    const w = world({ recordFailures: 12 });
    const { result, ran } = await w.run();
    expect(result).toBe("paid");
    expect(ran.filter((a) => a === "recordOrder")).toHaveLength(13);
  });

  it("records an order once, however often it is asked", async () => {
    const w = world();
    const order = placedOrder(input);
    const created = await Promise.all([w.orders.create(order), w.orders.create(order), w.orders.create(order)]);
    expect(created.filter((o) => o !== undefined).length).toBeGreaterThan(0);
    expect((await w.orders.listByUser("u-1")).map((o) => o.id)).toEqual(["o-1"]);
  });
});
