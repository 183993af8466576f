import { randomUUID } from "node:crypto";
import { eventKey } from "@quire/contracts";
import { MemoryStateStore } from "@quire/kit";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { FeedService, MAX_NOTIFICATIONS } from "../src/domain/feed-service.ts";
import type { Notification } from "../src/domain/notification.ts";

const ORDER = "1234abcd-0000-4000-8000-000000000000";
const minute = (n: number) => new Date(Date.UTC(2026, 10, 20, 10, n)).toISOString();

type Topic = "orders" | "shipments";
type Event = { id: string; type: string; data: Record<string, unknown> };

const events = {
  placed: (at = minute(0), userId = "u1"): Event => ({
    id: randomUUID(),
    type: "order.placed",
    data: {
      orderId: ORDER,
      userId,
      at,
      items: [
        { isbn: "9780000000002", title: "A", quantity: 1, priceCents: 1199 },
        { isbn: "9780000000019", title: "B", quantity: 1, priceCents: 1199 },
      ],
      totalCents: 2398,
    },
  }),
  paid: (at = minute(1), userId = "u1", orderId = ORDER): Event => ({ id: randomUUID(), type: "order.paid", data: { orderId, userId, at, items: [{ isbn: "9780000000002", title: "A", quantity: 2, priceCents: 1199 }], totalCents: 2398 } }),
  cancelled: (at = minute(2), userId = "u1"): Event => ({ id: randomUUID(), type: "order.cancelled", data: { orderId: ORDER, userId, at, reason: "card declined" } }),
  shipped: (at = minute(3), userId = "u1"): Event => ({ id: randomUUID(), type: "order.shipped", data: { orderId: ORDER, userId, at, shipmentId: "s1" } }),
};

function setup() {
  const app = createApp({ feed: new FeedService(new MemoryStateStore()), logger: pino({ level: "silent" }) });
  const deliver = async (event: object, topic: Topic = "orders") =>
    (await (await app.request(`/events/${topic}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(event) })).json()) as {
      status: string;
    };
  const feed = async (user = "u1") => ((await (await app.request("/api/notifications", { headers: { "x-user-id": user } })).json()) as { items: Notification[] }).items;
  return { app, deliver, feed };
}

describe("notifications feed", () => {
  it.each([
    ["order.placed", "orders", events.placed, "Order 1234abcd was placed: 2 books, $23.98."],
    ["order.paid", "orders", events.paid, "Order 1234abcd is paid."],
    ["order.cancelled", "orders", events.cancelled, "Order 1234abcd was cancelled: card declined."],
    ["order.shipped", "shipments", events.shipped, "Order 1234abcd has shipped."],
  ] as const)("tells the shopper about %s", async (type, topic, make, message) => {
    const { deliver, feed } = setup();
    const event = make();
    expect(await deliver(event, topic)).toEqual({ status: "SUCCESS" });
    expect(await feed()).toEqual([{ id: eventKey(type, ORDER), orderId: ORDER, type, message, createdAt: event.data.at }]);
  });

  it("says it once when the same event arrives twice", async () => {
    const { deliver, feed } = setup();
    const event = events.paid();
    await deliver(event);
    await Promise.all([deliver(event), deliver(event)]);
    expect(await feed()).toHaveLength(1);
  });

  it("says it once when the event is announced again under another CloudEvent id", async () => {
    const { deliver, feed } = setup();
    const first = events.paid(minute(1));
    await Promise.all([deliver(first), deliver({ ...first, id: randomUUID() }), deliver({ ...first, id: randomUUID() })]);
    expect((await feed()).map((n) => n.id)).toEqual([eventKey("order.paid", ORDER)]);
  });

  it("loses nothing when 20 events for one shopper arrive at once", async () => {
    const { deliver, feed } = setup();
    const burst = Array.from({ length: 20 }, (_, i) => events.paid(minute(i), "u1", `order-${i}`));
    const answers = await Promise.all(burst.map((e) => deliver(e)));
    expect(answers.every((a) => a.status === "SUCCESS")).toBe(true);
    expect((await feed()).map((n) => n.id)).toEqual(burst.map((e) => eventKey("order.paid", e.data.orderId as string)).reverse());
  });

  it("lists newest first, whatever order the topics deliver in", async () => {
    const { deliver, feed } = setup();
    await deliver(events.shipped(minute(3)), "shipments");
    await deliver(events.placed(minute(0)));
    await deliver(events.paid(minute(1)));
    expect((await feed()).map((n) => n.type)).toEqual(["order.shipped", "order.paid", "order.placed"]);
  });

  it(`keeps the newest ${MAX_NOTIFICATIONS}`, async () => {
    const { deliver, feed } = setup();
    for (let i = 0; i < MAX_NOTIFICATIONS + 5; i++) await deliver(events.paid(new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), "u1", `order-${i}`));
    const items = await feed();
    expect(items).toHaveLength(MAX_NOTIFICATIONS);
    expect(items[0]?.createdAt).toBe(new Date(Date.UTC(2026, 0, 1, 0, 0, MAX_NOTIFICATIONS + 4)).toISOString());
  });

  it("shows each shopper only their own notifications", async () => {
    const { deliver, feed } = setup();
    const mine = events.paid(minute(1), "u1");
    await Promise.all([deliver(mine), deliver(events.placed(minute(0), "u2"))]);
    expect((await feed("u1")).map((n) => n.id)).toEqual([eventKey("order.paid", ORDER)]);
    expect(await feed("u3")).toEqual([]);
  });

  it.each([
    ["an event another service cares about", { id: "e1", type: "order.refunded", data: {} }, "SUCCESS"],
    ["a payload that breaks its contract", { ...events.paid(), data: { orderId: ORDER, at: minute(1) } }, "DROP"],
    ["a message that is not a CloudEvent", { type: "order.paid" }, "DROP"],
  ])("answers %s with %s and notifies nobody", async (_case, event, status) => {
    const { deliver, feed } = setup();
    expect(await deliver(event)).toEqual({ status });
    expect(await feed()).toEqual([]);
  });

  it.each([
    ["no x-user-id", {}, 401],
    ["an x-user-id with odd characters", { "x-user-id": "../../etc" }, 400],
  ])("refuses %s with a problem", async (_case, headers, status) => {
    const res = await setup().app.request("/api/notifications", { headers });
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
