import { MemoryStateStore } from "@quire/kit";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { CartService, type BookInfo, type BookLookup } from "../src/domain/cart-service.ts";

const ISBN_A = "9780000000002";
const ISBN_B = "9780000000019";
const UNKNOWN = "9780000000026";

class FixedBooks implements BookLookup {
  constructor(private readonly books: Record<string, BookInfo>) {}
  async find(isbn: string) {
    return this.books[isbn];
  }
}

function setup() {
  const state = new MemoryStateStore();
  const carts = new CartService(state, new FixedBooks({ [ISBN_A]: { title: "A", priceCents: 500 }, [ISBN_B]: { title: "B", priceCents: 1250 } }), 3600);
  const app = createApp({ carts, logger: pino({ level: "silent" }) });
  const put = (isbn: string, body: unknown, user = "u1") =>
    app.request(`/api/cart/items/${isbn}`, { method: "PUT", headers: { "content-type": "application/json", "x-user-id": user }, body: JSON.stringify(body) });
  const get = async (user = "u1") => (await app.request("/api/cart", { headers: { "x-user-id": user } })).json();
  return { app, carts, put, get };
}

describe("cart", () => {
  it.each([
    ["a text/plain body", "text/plain", '{"quantity":1}', 415, /application\/json/],
    ["a form body", "application/x-www-form-urlencoded", "quantity=1", 415, /application\/json/],
    ["malformed JSON", "application/json", "{quantity:", 400, /JSON/],
  ])("refuses %s with a problem that says what to send", async (_name, type, body, status, detail) => {
    const { app } = setup();
    const res = await app.request(`/api/cart/items/${ISBN_A}`, { method: "PUT", headers: { "content-type": type, "x-user-id": "u1" }, body });
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(((await res.json()) as { detail: string }).detail).toMatch(detail);
  });

  it("names each bad field in a 400, as the route definition's schema says", async () => {
    const { put } = setup();
    const res = await put(ISBN_A, { quantity: 1.5 });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: 400, errors: { quantity: ["must be a whole number"] } });
  });

  it("prices lines from the catalog and totals them", async () => {
    const { put } = setup();
    await put(ISBN_A, { quantity: 2 });
    const res = await put(ISBN_B, { quantity: 1 });
    expect(await res.json()).toEqual({
      items: [
        { isbn: ISBN_A, title: "A", quantity: 2, priceCents: 500 },
        { isbn: ISBN_B, title: "B", quantity: 1, priceCents: 1250 },
      ],
      totalCents: 2250,
    });
  });

  it("keeps a line's place when its quantity changes and drops it at 0", async () => {
    const { put, get } = setup();
    await put(ISBN_A, { quantity: 1 });
    await put(ISBN_B, { quantity: 1 });
    await put(ISBN_A, { quantity: 3 });
    expect(((await get()) as { items: { isbn: string }[] }).items.map((i) => i.isbn)).toEqual([ISBN_A, ISBN_B]);
    await put(ISBN_A, { quantity: 0 });
    expect(((await get()) as { items: { isbn: string }[] }).items.map((i) => i.isbn)).toEqual([ISBN_B]);
  });

  it("loses no update when many writers race on one cart", async () => {
    const { carts } = setup();
    await Promise.all([carts.setQuantity("u1", ISBN_A, 4), carts.setQuantity("u1", ISBN_B, 7), carts.setQuantity("u1", ISBN_A, 4)]);
    const cart = await carts.get("u1");
    expect(cart.items.map((i) => [i.isbn, i.quantity]).sort()).toEqual([
      [ISBN_A, 4],
      [ISBN_B, 7],
    ]);
  });

  it("answers 404 for a book the catalog does not know", async () => {
    const { put, get } = setup();
    expect((await put(UNKNOWN, { quantity: 1 })).status).toBe(404);
    expect(await get()).toEqual({ items: [], totalCents: 0 });
  });

  it.each([
    ["a missing quantity", {}],
    ["a negative quantity", { quantity: -1 }],
    ["a fractional quantity", { quantity: 0.5 }],
    ["a quantity over the limit", { quantity: 100 }],
    ["a string", { quantity: "1" }],
  ])("rejects %s with 400 naming quantity", async (_case, body) => {
    const res = await setup().put(ISBN_A, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: object }).errors).toHaveProperty("quantity");
  });

  it.each([
    ["no x-user-id", {}, 401],
    ["an x-user-id with odd characters", { "x-user-id": "../../etc" }, 400],
  ])("refuses %s", async (_case, headers, status) => {
    const res = await setup().app.request("/api/cart", { headers });
    expect(res.status).toBe(status);
  });

  it.each([
    ["empties the cart an order was placed from", "2026-11-20T10:05:00.000Z", []],
    ["keeps a cart changed after the order was placed (a late or repeated order.placed)", "2026-11-20T09:55:00.000Z", [ISBN_A]],
  ])("%s", async (_case, placedAt, left) => {
    let clock = new Date("2026-11-20T10:00:00.000Z");
    const carts = new CartService(new MemoryStateStore(), new FixedBooks({ [ISBN_A]: { title: "A", priceCents: 500 } }), 3600, () => clock);
    const app = createApp({ carts, logger: pino({ level: "silent" }) });
    await carts.setQuantity("u1", ISBN_A, 1);
    clock = new Date("2026-11-20T10:10:00.000Z");
    const placed = { id: "e1", type: "order.placed", data: { orderId: "o1", userId: "u1", at: placedAt, items: [{ isbn: ISBN_A, title: "A", quantity: 1, priceCents: 500 }], totalCents: 500 } };
    for (const id of ["e1", "e2"]) {
      const res = await app.request("/events/orders", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...placed, id }) });
      expect(await res.json()).toEqual({ status: "SUCCESS" });
    }
    expect((await carts.get("u1")).items.map((i) => i.isbn)).toEqual(left);
  });

  it("clears a cart", async () => {
    const { app, put, get } = setup();
    await put(ISBN_A, { quantity: 1 });
    expect((await app.request("/api/cart", { method: "DELETE", headers: { "x-user-id": "u1" } })).status).toBe(204);
    expect(await get()).toEqual({ items: [], totalCents: 0 });
  });
});
