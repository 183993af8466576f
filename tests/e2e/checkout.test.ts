import { describe, expect, it } from "vitest";
import { checkoutBurst, expectBurstAccounted, killMidway } from "../harness/burst.ts";
import { api, cluster, crashProcess, expectProblem, newShopper, newShoppers, restartProcess } from "../harness/client.ts";
import { address, adminOrder, available, buy, CARDS, checkout, setStock, waitForOrder } from "../harness/shop.ts";

type Book = { isbn: string; priceCents: number };
// Each test owns one book's stock, so tests never share a number.
const books = async (): Promise<Book[]> => ((await (await api("/api/books?page=3&pageSize=20")).json()) as { items: Book[] }).items;

describe("checkout", () => {
  it("takes a paid order to shipped, empties the cart and notifies the shopper", async () => {
    const [book] = await books();
    await setStock(book!.isbn, 10);
    const { shopper, orderId } = await buy(book!.isbn, CARDS.pays, 2);
    const order = await waitForOrder(shopper, orderId, ["shipped"]);
    expect(order).toMatchObject({ id: orderId, status: "shipped", totalCents: 2 * book!.priceCents });
    expect(await available(book!.isbn)).toBe(8);
    await expect.poll(async () => (await (await api("/api/cart", { shopper })).json()) as object).toEqual({ items: [], totalCents: 0 });
    await expect
      .poll(async () => ((await (await api("/api/notifications", { shopper })).json()) as { items: { type: string }[] }).items.map((n) => n.type).sort(), { timeout: 20_000 })
      .toEqual(["order.paid", "order.placed", "order.shipped"]);
    const history = (await (await api("/api/orders", { shopper })).json()) as { items: { id: string }[] };
    expect(history.items.map((o) => o.id)).toEqual([orderId]);
  });

  it("cancels a declined card's order, restores the stock and charges nothing", async () => {
    const [, book] = await books();
    await setStock(book!.isbn, 5);
    const { shopper, orderId } = await buy(book!.isbn, CARDS.declined);
    expect(await waitForOrder(shopper, orderId, ["cancelled", "paid", "shipped"])).toMatchObject({ status: "cancelled", reason: "card declined" });
    expect(await available(book!.isbn)).toBe(5);
    const { charge, reservation, shipment } = await adminOrder(orderId);
    expect(charge?.status).toBe("declined");
    expect(reservation?.status).toBe("released");
    expect(shipment).toBeNull();
  });

  it("retries a transiently failing provider and charges once", async () => {
    const [, , book] = await books();
    await setStock(book!.isbn, 5);
    const { shopper, orderId } = await buy(book!.isbn, CARDS.transient);
    expect((await waitForOrder(shopper, orderId, ["paid", "shipped", "cancelled"])).status).not.toBe("cancelled");
    const { charge } = await adminOrder(orderId);
    expect(charge).toMatchObject({ status: "succeeded", attempts: 3 });
  });

  it("refuses an empty cart, a missing user and a bad card number", async () => {
    await expectProblem(await checkout(await newShopper()), 400);
    await expectProblem(await api("/api/checkout", { method: "POST", json: {} }), 401);
    const bad = await expectProblem(await checkout(await newShopper(), "42"), 400);
    expect(bad.errors).toHaveProperty(["card.number"]);
  });

  it("places one order when the same checkout is sent twice with one Idempotency-Key", async () => {
    const [, , , , , book] = await books();
    await setStock(book!.isbn, 5);
    const shopper = await newShopper();
    expect((await api(`/api/cart/items/${book!.isbn}`, { method: "PUT", shopper, json: { quantity: 1 } })).status).toBe(200);
    const send = () => api("/api/checkout", { method: "POST", shopper, headers: { "idempotency-key": "retry-me" }, json: { card: { number: CARDS.pays }, address } });
    const [a, b] = await Promise.all([send(), send()]); // two attempts racing, as after a timeout
    expect([a.status, b.status]).toEqual([202, 202]);
    const first = (await a.json()) as { orderId: string };
    expect(await b.json()).toEqual(first);
    await waitForOrder(shopper, first.orderId, ["paid", "shipped"]);
    const again = await send(); // the cart is empty by now; the key still finds the order
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual(first);
    expect(((await (await api("/api/orders", { shopper })).json()) as { items: unknown[] }).items).toHaveLength(1);
    expect(await available(book!.isbn)).toBe(4);
  });

  it("shows an order only to its owner", async () => {
    const [, , , book] = await books();
    await setStock(book!.isbn, 5);
    const { orderId } = await buy(book!.isbn);
    await expectProblem(await api(`/api/orders/${orderId}`, { shopper: await newShopper() }), 404);
  });

  // The burst of the chaos tests, on every profile of the matrix: the orders sidecar (the saga's
  // workflows and outbox, on this profile's store and broker) is SIGKILLed once the first orders
  // are under way and started again, and still exactly the copies on the shelf are sold, each
  // once. Where orders' store is in-memory its sidecar holds it (a restart forgets it, by design):
  // there the payments app is the one killed.
  const ordersInMemory = () => (cluster().profile.stateFor.orders ?? cluster().profile.state) === "in-memory";
  it("never oversells: 200 concurrent checkouts for 50 copies with a process killed mid-way → 50 shipped, 150 cancelled, stock 0", async () => {
    const [, , , , book] = await books();
    const victim = ordersInMemory() ? "payments" : "orders-daprd";
    const result = await checkoutBurst({
      name: "oversell",
      shoppers: await newShoppers(200),
      isbn: book!.isbn,
      copies: 50,
      fault: killMidway(victim, () => crashProcess(victim), () => restartProcess(victim)),
    });
    await expectBurstAccounted("oversell", book!.isbn, 50, result);
    const cancelled = result.views.filter((v) => v.order.status === "cancelled");
    expect(cancelled).toHaveLength(150);
    expect(cancelled.every((v) => v.order.reason === "out of stock")).toBe(true);
    expect(await available(book!.isbn)).toBe(0);
  }, 400_000);
});
