import { randomUUID } from "node:crypto";
import { MemoryPublisher, MemoryStateStore, type SaveOptions } from "@quire/kit";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import type { Shipment } from "../src/domain/shipment.ts";
import { ShippingService } from "../src/domain/shipping-service.ts";

const PAID_AT = "2026-11-20T10:00:00.000Z";

// Fails its first `failures` writes of a shipment, like a sidecar that drops a write.
class FlakyState extends MemoryStateStore {
  constructor(private failures: number) {
    super();
  }
  override async save<T>(key: string, value: T, options?: SaveOptions) {
    if (key.startsWith("shipment:") && this.failures-- > 0) throw new Error("sidecar unavailable");
    return super.save(key, value, options);
  }
}

function setup({ failingWrites = 0, refusedPublishes = 0 } = {}) {
  const state = new FlakyState(failingWrites);
  const events = new MemoryPublisher({ "order.shipped": refusedPublishes });
  let clock = new Date("2026-11-20T10:05:00.000Z");
  const shipping = new ShippingService(state, events, () => clock);
  const app = createApp({ shipping, logger: pino({ level: "silent" }) });
  const deliver = async (event: object) =>
    (await (await app.request("/events/orders", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(event) })).json()) as {
      status: string;
    };
  const shipment = (orderId: string) => app.request(`/shipments/${orderId}`);
  const later = (ms: number) => (clock = new Date(clock.getTime() + ms));
  return { deliver, shipment, published: events.published, later };
}

const paid = (orderId = "o1", data: object = {}) => ({
  id: randomUUID(),
  type: "order.paid",
  source: "orders",
  data: { orderId, userId: "u1", items: [{ isbn: "9780000000002", title: "A", quantity: 2, priceCents: 1199 }], totalCents: 2398, at: PAID_AT, ...data },
});

describe("shipping an order", () => {
  it("ships a paid order once and announces it with one order.shipped", async () => {
    const { deliver, shipment, published } = setup();
    expect(await deliver(paid("o1"))).toEqual({ status: "SUCCESS" });

    const res = await shipment("o1");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Shipment;
    expect(body).toMatchObject({ orderId: "o1", userId: "u1", status: "shipped", createdAt: "2026-11-20T10:05:00.000Z" });
    expect(published).toEqual([{ key: "order.shipped:o1", type: "order.shipped", data: { orderId: "o1", userId: "u1", shipmentId: body.shipmentId, at: body.createdAt } }]);
  });

  it("announces a shipment whose first announcement the broker refused, when order.paid comes back", async () => {
    const { deliver, shipment, published } = setup({ refusedPublishes: 1 });
    const event = paid("o1");
    expect(await deliver(event)).toEqual({ status: "RETRY" });
    const written = await (await shipment("o1")).json();
    expect(published).toEqual([]);
    expect(await deliver(event)).toEqual({ status: "SUCCESS" });
    expect(await (await shipment("o1")).json()).toEqual(written);
    expect(published.map((e) => e.key)).toEqual(["order.shipped:o1"]);
  });

  it("ships nothing more when the same event is delivered again, and announces the same shipment again", async () => {
    const { deliver, shipment, published } = setup();
    const event = paid("o1");
    await deliver(event);
    const first = await (await shipment("o1")).json();
    // Again, or published again by orders (a retried activity) under another CloudEvent id.
    expect(await deliver(event)).toEqual({ status: "SUCCESS" });
    expect(await deliver({ ...event, id: randomUUID() })).toEqual({ status: "SUCCESS" });
    expect(await (await shipment("o1")).json()).toEqual(first);
    expect(published).toHaveLength(3);
    expect(new Set(published.map((e) => JSON.stringify(e)))).toEqual(new Set([JSON.stringify(published[0])]));
  });

  it("ships once when two copies arrive at once, and the loser's redelivery succeeds", async () => {
    const { deliver, published } = setup();
    const event = paid("o1");
    const statuses = (await Promise.all([deliver(event), deliver(event)])).map((a) => a.status).sort();
    // The loser cannot know whether the winner will finish, so it asks Dapr to try again later.
    expect(statuses).toEqual(["RETRY", "SUCCESS"]);
    expect(await deliver(event)).toEqual({ status: "SUCCESS" });
    // One shipment: the redelivery only announces it again, saying the same.
    expect(new Set(published.map((e) => JSON.stringify(e))).size).toBe(1);
  });

  it("still ships an order whose first delivery failed half-way, once the claim goes stale", async () => {
    const { deliver, shipment, published, later } = setup({ failingWrites: 1 });
    const event = paid("o1");
    expect(await deliver(event)).toEqual({ status: "RETRY" });
    expect(await deliver(event)).toEqual({ status: "RETRY" });
    later(60_000);
    expect(await deliver(event)).toEqual({ status: "SUCCESS" });
    expect((await shipment("o1")).status).toBe(200);
    expect(published).toHaveLength(1);
  });

  it("keeps orders apart", async () => {
    const { deliver, shipment, published } = setup();
    await Promise.all([deliver(paid("o1")), deliver(paid("o2"))]);
    expect((await shipment("o1")).status).toBe(200);
    expect((await shipment("o2")).status).toBe(200);
    expect(published.map((e) => (e.data as { orderId: string }).orderId).sort()).toEqual(["o1", "o2"]);
  });
});

describe("events shipping ignores or drops", () => {
  it.each([
    ["order.placed", { orderId: "o1", userId: "u1", items: [{ isbn: "9780000000002", title: "A", quantity: 1, priceCents: 500 }], totalCents: 500, at: PAID_AT }],
    ["order.cancelled", { orderId: "o1", userId: "u1", reason: "card declined", at: PAID_AT }],
    ["something.else", {}],
  ])("acknowledges %s and ships nothing", async (type, data) => {
    const { deliver, shipment, published } = setup();
    expect(await deliver({ id: randomUUID(), type, data })).toEqual({ status: "SUCCESS" });
    expect((await shipment("o1")).status).toBe(404);
    expect(published).toEqual([]);
  });

  it.each([
    ["without a userId", { ...paid(), data: { orderId: "o1", totalCents: 1, at: PAID_AT } }],
    ["with a malformed time", paid("o1", { at: "yesterday" })],
    ["with an orderId that is not an id", paid("../o1")],
    ["without data", { id: "e1", type: "order.paid" }],
    ["without an id", { type: "order.paid", data: paid().data }],
  ])("drops an order.paid %s", async (_case, event) => {
    const { deliver, published } = setup();
    expect(await deliver(event)).toEqual({ status: "DROP" });
    expect(published).toEqual([]);
  });
});

describe("looking up a shipment", () => {
  it.each([
    ["an order never shipped", "o404", 404],
    ["a malformed order id", "o%20404", 400],
  ])("answers %s with a problem", async (_case, orderId, status) => {
    const res = await setup().shipment(orderId);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
