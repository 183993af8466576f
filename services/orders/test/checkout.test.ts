import type { EventType } from "@quire/contracts";
import { MemoryOutbox, MemoryStateStore } from "@quire/kit";
import { describe, expect, it } from "vitest";
import { checkoutActivities, placedOrder, type CheckoutInput, type Outcome, type Payments, type Stock } from "../src/domain/checkout.ts";
import { checkoutWorkflow } from "../src/domain/checkout.workflow.ts";
import { Announcements } from "../src/domain/announcements.ts";
import { OrderRepository } from "../src/domain/order-repository.ts";
import { runSaga } from "./saga-driver.ts";

const input: CheckoutInput = {
  orderId: "o-1",
  userId: "u-1",
  items: [{ isbn: "9780000000002", title: "A", quantity: 2, priceCents: 500 }],
  totalCents: 1000,
  card: { number: "4242424242424242" },
  address: { name: "Ann", line1: "1 Road", city: "Town", postalCode: "123", country: "GB" },
  placedAt: "2026-01-01T00:00:00.000Z",
};

// `lose`: how many of each event type the broker drops before delivering one; `shipping`: whether
// a shipping service answers order.paid with order.shipped.
function world({ reserve = { ok: true } as Outcome, charges = [] as Array<Outcome | "error">, lose = {} as Partial<Record<EventType, number>>, shipping = true, recordFailures = 0 } = {}) {
  const log: string[] = [];
  const stock: Stock = {
    reserve: async () => (log.push("reserve"), reserve),
    commit: async () => void log.push("commit"),
    release: async () => void log.push("release"),
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
  const outbox = new MemoryOutbox(new MemoryStateStore());
  const orders = new OrderRepository(outbox.state, outbox);
  const announcements = new Announcements(outbox.state, orders);
  const activities = checkoutActivities(orders, announcements, stock, payments, () => "2026-01-01T00:01:00.000Z");
  const recordOrder = activities.recordOrder;
  activities.recordOrder = async (i) => {
    if (recordFailures-- > 0) throw new Error(`order ${i.orderId} is being recorded elsewhere`);
    return recordOrder(i);
  };
  // While the saga waits, the broker delivers what was published since: orders hears its own
  // events (unless this one is lost), and shipping ships a paid order.
  let delivered = 0;
  const deliver = async () => {
    for (const event of outbox.published.slice(delivered)) {
      delivered++;
      const type = event.type as EventType;
      if ((lose[type] ?? 0) > 0) {
        lose[type]!--;
        continue;
      }
      const { orderId } = event.data as { orderId: string };
      await announcements.heard(type, orderId);
      if (type === "order.paid" && shipping) await orders.move(orderId, "shipped", "2026-01-01T00:02:00.000Z");
    }
  };
  const run = () => runSaga((ctx) => checkoutWorkflow(ctx, input), activities, deliver);
  return { log, outbox, orders, run };
}

describe("checkout saga", () => {
  it("reserves, charges, commits and marks the order paid", async () => {
    const w = world();
    expect((await w.run()).result).toBe("paid");
    expect(w.log).toEqual(["reserve", "charge", "commit"]);
    expect((await w.orders.get("o-1"))?.status).toBe("shipped");
    expect(w.outbox.published.map((e) => e.type)).toEqual(["order.placed", "order.paid"]);
  });

  it.each([
    ["order.placed", { "order.placed": 1 }, ["order.placed", "order.paid", "order.placed"]],
    ["order.paid", { "order.paid": 1 }, ["order.placed", "order.paid", "order.paid"]],
    ["order.paid, twice", { "order.paid": 2 }, ["order.placed", "order.paid", "order.paid", "order.paid"]],
  ] as const)("announces %s again when it was lost, until it is heard", async (_lost, lose, published) => {
    const w = world({ lose: { ...lose } });
    expect((await w.run()).result).toBe("paid");
    expect(w.outbox.published.map((e) => e.type)).toEqual(published);
    // Announced again, it says what it said the first time.
    const copies = w.outbox.published.filter((e) => e.type === published.at(-1));
    expect(new Set(copies.map((e) => JSON.stringify(e.data))).size).toBe(1);
    expect((await w.orders.get("o-1"))?.status).toBe("shipped");
  });

  it("announces a lost order.cancelled again", async () => {
    const w = world({ reserve: { ok: false, reason: "out of stock" }, lose: { "order.cancelled": 1 } });
    expect((await w.run()).result).toBe("cancelled");
    expect(w.outbox.published.map((e) => e.type)).toEqual(["order.placed", "order.cancelled", "order.cancelled"]);
  });

  it("announces order.paid again while the order has not shipped", async () => {
    const w = world({ shipping: false });
    await expect(w.run()).rejects.toThrow(/did not end/);
    expect(w.outbox.published.filter((e) => e.type === "order.paid").length).toBeGreaterThan(3);
  });

  it("cancels without charging when stock is short", async () => {
    const w = world({ reserve: { ok: false, reason: "out of stock" } });
    expect((await w.run()).result).toBe("cancelled");
    expect(w.log).toEqual(["reserve"]);
    expect(await w.orders.get("o-1")).toMatchObject({ status: "cancelled", reason: "out of stock" });
    expect(w.outbox.published.map((e) => e.type)).toEqual(["order.placed", "order.cancelled"]);
  });

  it("releases the stock and cancels when the card is declined", async () => {
    const w = world({ charges: [{ ok: false, reason: "card declined" }] });
    expect((await w.run()).result).toBe("cancelled");
    expect(w.log).toEqual(["reserve", "charge", "refund", "release"]);
    expect(await w.orders.get("o-1")).toMatchObject({ status: "cancelled", reason: "card declined" });
  });

  it("retries a transient payment failure and completes once", async () => {
    const w = world({ charges: ["error", "error", { ok: true }] });
    const { result, ran } = await w.run();
    expect(result).toBe("paid");
    expect(ran.filter((a) => a === "chargePayment")).toHaveLength(3);
    expect(w.outbox.published.filter((e) => e.type === "order.paid")).toHaveLength(1);
  });

  it("gives up on a provider that stays down, compensating in reverse", async () => {
    const w = world({ charges: Array(10).fill("error") });
    expect((await w.run()).result).toBe("cancelled");
    expect(w.log.slice(-2)).toEqual(["refund", "release"]);
    expect((await w.orders.get("o-1"))?.reason).toMatch(/unavailable/);
  });

  it("never gives up recording its order (a claim held elsewhere, a busy store)", async () => {
    const w = world({ recordFailures: 12 });
    const { result, ran } = await w.run();
    expect(result).toBe("paid");
    expect(ran.filter((a) => a === "recordOrder")).toHaveLength(13);
  });

  it("records an order and its order.placed event once, however often it is asked", async () => {
    const w = world();
    const { order, event } = placedOrder(input);
    await Promise.all([w.orders.create(order, event), w.orders.create(order, event), w.orders.create(order, event)]);
    expect(w.outbox.published).toHaveLength(1);
    expect((await w.orders.listByUser("u-1")).map((o) => o.id)).toEqual(["o-1"]);
  });
});
