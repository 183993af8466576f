import { InProcessInvoker, MemoryStateStore } from "@quire/kit";
import { Hono } from "hono";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { InvokedOrderRecords } from "../src/adapters/order-records.ts";
import { createApp } from "../src/app.ts";
import type { Order } from "../src/domain/order.ts";
import { OrderRepository } from "../src/domain/order-repository.ts";

const ISBN = "9780000000002";
const at = "2024-01-01T00:00:00.000Z";
const order: Order = { id: "o-1", userId: "shopper-7", status: "shipped", items: [{ isbn: ISBN, title: "A", quantity: 2, priceCents: 750 }], totalCents: 1500, createdAt: at, updatedAt: at };
const reservation = { orderId: "o-1", items: [{ isbn: ISBN, quantity: 2 }], status: "committed", at: 1 };
// Payments keeps its claim bookkeeping beside the contract's fields; staff never see it.
const charge = { orderId: "o-1", amountCents: 1500, last4: "4242", status: "succeeded", chargeId: "ch-1", attempts: 1, attemptStartedAt: at, createdAt: at, updatedAt: at };
const shipment = { shipmentId: "s-1", orderId: "o-1", userId: "shopper-7", status: "shipped", createdAt: at };

// Stand-ins for the owners, answering as they do: the record, or 404 when they hold none.
function owner(path: string, record: object | undefined, status = 200) {
  return new Hono().get(`${path}/:id`, (c) => (record && c.req.param("id") === "o-1" ? c.json(record, status as 200) : c.json({ detail: "none" }, 404)));
}

async function setup(records: { reservation?: object; charge?: object; shipment?: object } = { reservation, charge, shipment }, apps: Record<string, Hono> = {}) {
  const orders = new OrderRepository(new MemoryStateStore());
  await orders.create(order);
  const asked: string[] = [];
  const owners = {
    inventory: owner("/reservations", records.reservation),
    payments: owner("/charges", records.charge),
    shipping: owner("/shipments", records.shipment),
    ...apps,
  };
  const invoker = new InProcessInvoker(owners);
  const counted = { forward: (appId: string, request: Parameters<InProcessInvoker["forward"]>[1]) => (asked.push(appId), invoker.forward(appId, request)) };
  const app = createApp({
    orders,
    shop: { cartOf: async () => [], book: async () => undefined },
    workflows: { startCheckout: async () => undefined },
    records: new InvokedOrderRecords(counted, { inventory: "inventory", payments: "payments", shipping: "shipping" }),
    now: () => at,
    sweep: async () => ({ cancelled: 0, remaining: 0 }),
    sweepBinding: "attention-sweeper",
    logger: pino({ level: "silent" }),
  });
  const get = (path: string, headers: Record<string, string> = { "x-user-id": "staff-1", "x-user-role": "admin" }) => app.request(path, { headers });
  return { get, asked };
}

describe("GET /api/admin/orders/:id", () => {
  it("shows any shopper's order with its reservation, charge and shipment", async () => {
    const { get } = await setup();
    const res = await get("/api/admin/orders/o-1");
    expect(res.status).toBe(200);
    const { attemptStartedAt: _internal, ...chargeView } = charge;
    expect(await res.json()).toEqual({ order, reservation, charge: chargeView, shipment });
  });

  it.each([
    ["no reservation, charge or shipment (refused before the saga got anywhere)", {}, { reservation: null, charge: null, shipment: null }],
    ["a reservation and a charge, not yet shipped", { reservation, charge }, { reservation, shipment: null }],
  ])("answers null for what an owner does not hold: %s", async (_case, held, expected) => {
    const { get } = await setup(held);
    expect(await (await get("/api/admin/orders/o-1")).json()).toMatchObject(expected);
  });

  it.each([
    ["no user", {}, 401],
    ["a user without a role", { "x-user-id": "u1" }, 403],
    ["a shopper, even the order's own", { "x-user-id": "shopper-7", "x-user-role": "shopper" }, 403],
  ])("refuses %s with %i and asks no owner", async (_case, headers, status) => {
    const { get, asked } = await setup();
    const res = await get("/api/admin/orders/o-1", headers);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(asked).toEqual([]);
  });

  it.each([
    ["an order that does not exist", "/api/admin/orders/o-2", 404],
    ["a malformed id", "/api/admin/orders/bad%20id", 400],
  ])("answers %s with %i and asks no owner", async (_case, path, status) => {
    const { get, asked } = await setup();
    expect((await get(path)).status).toBe(status);
    expect(asked).toEqual([]);
  });

  it.each([
    ["answers 500", { payments: new Hono().get("/charges/:id", (c) => c.json({ detail: "boom" }, 500)) }],
    ["answers something that is not a charge", { payments: owner("/charges", { orderId: "o-1", amountCents: "lots" }) }],
    ["cannot be reached", { payments: undefined as unknown as Hono }],
  ])("answers 502 problem+json when an owner %s", async (_case, apps) => {
    const { get } = await setup(undefined, apps);
    const res = await get("/api/admin/orders/o-1");
    expect(res.status).toBe(502);
    expect(((await res.json()) as { detail: string }).detail).toContain("payments");
  });
});
