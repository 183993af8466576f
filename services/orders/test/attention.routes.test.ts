import { MemoryStateStore } from "@quire/kit";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import type { Order } from "../src/domain/order.ts";
import { OrderRepository } from "../src/domain/order-repository.ts";

const at = "2024-01-01T00:00:00.000Z";
const order = (id: string): Order => ({ id, userId: "shopper-7", status: "placed", items: [{ isbn: "9780000000002", title: "A", quantity: 1, priceCents: 750 }], totalCents: 750, createdAt: at, updatedAt: at });
const STAFF = { "x-user-id": "staff-1", "x-user-role": "admin" };

async function setup() {
  const orders = new OrderRepository(new MemoryStateStore());
  for (const id of ["o-1", "o-2", "o-3"]) await orders.create(order(id));
  await orders.needAttention("o-2", at, "not completed", ["refund", "return-stock"]);
  let swept = 0;
  const app = createApp({
    orders,
    shop: { cartOf: async () => [], book: async () => undefined },
    workflows: { startCheckout: async () => undefined },
    records: { reservation: async () => null, charge: async () => null, shipment: async () => null },
    now: () => at,
    sweep: async () => ({ cancelled: ++swept, remaining: 0 }),
    sweepBinding: "attention-sweeper",
    logger: pino({ level: "silent" }),
  });
  const get = (path: string, headers: Record<string, string> = STAFF) => app.request(path, { headers });
  return { app, get };
}

describe("orders that need attention, for staff", () => {
  it("lists them with what remains to undo", async () => {
    const { get } = await setup();
    const res = await get("/api/admin/orders?status=needs-attention");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: [{ ...order("o-2"), status: "needs-attention", reason: "not completed", pending: ["refund", "return-stock"] }] });
  });

  it("shows the status and what remains in the order view; the shopper sees the status only", async () => {
    const { app, get } = await setup();
    expect(((await (await get("/api/admin/orders/o-2")).json()) as { order: object }).order).toMatchObject({ status: "needs-attention", pending: ["refund", "return-stock"] });
    const own = await app.request("/api/orders/o-2", { headers: { "x-user-id": "shopper-7" } });
    expect(await own.json()).not.toHaveProperty("pending");
  });

  it.each([
    ["another status", "/api/admin/orders?status=paid", STAFF, 400],
    ["no status", "/api/admin/orders", STAFF, 400],
    ["a shopper", "/api/admin/orders?status=needs-attention", { "x-user-id": "shopper-7", "x-user-role": "shopper" }, 403],
    ["nobody", "/api/admin/orders?status=needs-attention", {}, 401],
  ])("refuses %s with %i", async (_case, path, headers, status) => {
    const res = await (await setup()).get(path, headers);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("the attention sweeper's cron binding", () => {
  it("sweeps when daprd calls, and answers its OPTIONS", async () => {
    const { app } = await setup();
    const res = await app.request("/attention-sweeper", { method: "POST" }); // the cron binding sends no JSON
    expect([res.status, await res.json()]).toEqual([200, { cancelled: 1, remaining: 0 }]);
    expect((await app.request("/attention-sweeper", { method: "OPTIONS" })).status).not.toBe(404);
  });
});
