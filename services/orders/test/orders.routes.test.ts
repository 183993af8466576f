import { MemoryStateStore } from "@quire/kit";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import type { CheckoutInput } from "../src/domain/checkout.ts";
import { OrderRepository } from "../src/domain/order-repository.ts";
import type { Shop, Workflows } from "../src/domain/shop.ts";

const ISBN = "9780000000002";
const body = { card: { number: "4242424242424242" }, address: { name: "Ann", line1: "1 Road", city: "Town", postalCode: "123", country: "GB" } };

function setup(cart: Array<{ isbn: string; quantity: number }> = [{ isbn: ISBN, quantity: 2 }]) {
  const orders = new OrderRepository(new MemoryStateStore());
  const started: CheckoutInput[] = [];
  const shop: Shop = { cartOf: async () => cart, book: async (isbn) => (isbn === ISBN ? { title: "A", priceCents: 750 } : undefined) };
  const workflows: Workflows = { startCheckout: async (input) => void started.push(input) };
  let n = 0;
  const records = { reservation: async () => null, charge: async () => null, shipment: async () => null };
  const app = createApp({ orders, shop, workflows, records, sweep: async () => ({ cancelled: 0, remaining: 0 }), sweepBinding: "attention-sweeper", now: () => new Date(1_700_000_000_000 + ++n * 1000).toISOString(), logger: pino({ level: "silent" }) });
  const post = (json: unknown, user = "u1", headers: Record<string, string> = {}) =>
    app.request("/api/checkout", { method: "POST", headers: { "content-type": "application/json", "x-user-id": user, ...headers }, body: JSON.stringify(json) });
  const orderIdOf = async (res: Response) => ((await res.json()) as { orderId: string }).orderId;
  const get = (path: string, user = "u1") => app.request(path, { headers: { "x-user-id": user } });
  return { app, started, post, get, orderIdOf, cart };
}

describe("POST /api/checkout", () => {
  it("starts the saga with a price snapshot and answers 202 with the order's location", async () => {
    const { post, started, get, orderIdOf } = setup();
    const res = await post(body);
    expect(res.status).toBe(202);
    const orderId = await orderIdOf(res);
    expect(res.headers.get("location")).toBe(`/api/orders/${orderId}`);
    expect(started[0]).toMatchObject({ orderId, userId: "u1", totalCents: 1500, items: [{ isbn: ISBN, title: "A", quantity: 2, priceCents: 750 }] });
    expect(await (await get(`/api/orders/${orderId}`)).json()).toMatchObject({ id: orderId, status: "placed", totalCents: 1500 });
  });

  it("places one order for a retried request, even after the first attempt emptied the cart", async () => {
    const { post, started, get, orderIdOf, cart } = setup();
    const first = await orderIdOf(await post(body, "u1", { "x-request-id": "req-1" }));
    cart.length = 0; // order.placed cleared the cart
    const retry = await post(body, "u1", { "x-request-id": "req-1" });
    expect(retry.status).toBe(202);
    expect(await orderIdOf(retry)).toBe(first);
    expect(started).toHaveLength(1);
    expect(((await (await get("/api/orders")).json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it("keys orders by the client's Idempotency-Key, per user", async () => {
    const { post, started, orderIdOf } = setup();
    const a = await orderIdOf(await post(body, "u1", { "idempotency-key": "k1" }));
    expect(await orderIdOf(await post(body, "u1", { "idempotency-key": "k1" }))).toBe(a);
    expect(await orderIdOf(await post(body, "u1", { "idempotency-key": "k2" }))).not.toBe(a);
    expect(await orderIdOf(await post(body, "u2", { "idempotency-key": "k1" }))).not.toBe(a);
    expect(started).toHaveLength(3);
  });

  it("rejects an Idempotency-Key that is too long", async () => {
    const res = await setup().post(body, "u1", { "idempotency-key": "k".repeat(201) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: object }).errors).toHaveProperty(["idempotency-key"]);
  });

  it("refuses an empty cart with 400 and starts nothing", async () => {
    const { post, started } = setup([]);
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(started).toHaveLength(0);
  });

  it.each([
    ["no card", { address: body.address }, "card"],
    ["a short card number", { ...body, card: { number: "4242" } }, "card.number"],
    ["a missing city", { ...body, address: { ...body.address, city: "" } }, "address.city"],
    ["a long country", { ...body, address: { ...body.address, country: "GBR" } }, "address.country"],
  ])("rejects %s naming the field", async (_case, json, field) => {
    const res = await setup().post(json);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: object }).errors).toHaveProperty([field]);
  });
});

describe("GET /api/orders", () => {
  it("lists a user's orders newest first and hides them from others", async () => {
    const { post, get, orderIdOf } = setup();
    const first = await orderIdOf(await post(body));
    const second = await orderIdOf(await post(body));
    expect(((await (await get("/api/orders")).json()) as { items: { id: string }[] }).items.map((o) => o.id)).toEqual([second, first]);
    expect((await get(`/api/orders/${first}`, "someone-else")).status).toBe(404);
    expect(await (await get("/api/orders", "someone-else")).json()).toEqual({ items: [] });
  });
});
