import { beforeAll, describe, expect, it } from "vitest";
import { api, expectProblem, newShopper, type Shopper } from "../harness/client.ts";

type Cart = { items: { isbn: string; title: string; quantity: number; priceCents: number }[]; totalCents: number };
type Book = { isbn: string; title: string; priceCents: number };

let books: Book[] = [];
beforeAll(async () => {
  books = ((await (await api("/api/books?pageSize=30")).json()) as { items: Book[] }).items;
});

const put = (shopper: Shopper, isbn: string, body: unknown) => api(`/api/cart/items/${isbn}`, { method: "PUT", shopper, json: body });

describe("cart through the gateway", () => {
  it("starts empty", async () => {
    const res = await api("/api/cart", { shopper: await newShopper() });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: [], totalCents: 0 });
  });

  it("adds, updates, removes and clears items with the catalog's titles and prices", async () => {
    const user = await newShopper();
    const [a, b] = books as [Book, Book];
    expect((await put(user, a.isbn, { quantity: 2 })).status).toBe(200);
    let cart = (await (await put(user, b.isbn, { quantity: 1 })).json()) as Cart;
    expect(cart.items).toEqual([
      { isbn: a.isbn, title: a.title, quantity: 2, priceCents: a.priceCents },
      { isbn: b.isbn, title: b.title, quantity: 1, priceCents: b.priceCents },
    ]);
    expect(cart.totalCents).toBe(2 * a.priceCents + b.priceCents);

    cart = (await (await put(user, a.isbn, { quantity: 5 })).json()) as Cart;
    expect(cart.items.find((i) => i.isbn === a.isbn)?.quantity).toBe(5);

    cart = (await (await put(user, a.isbn, { quantity: 0 })).json()) as Cart;
    expect(cart.items.map((i) => i.isbn)).toEqual([b.isbn]);

    cart = (await (await api(`/api/cart/items/${b.isbn}`, { method: "DELETE", shopper: user })).json()) as Cart;
    expect(cart).toEqual({ items: [], totalCents: 0 });

    await put(user, a.isbn, { quantity: 1 });
    expect((await api("/api/cart", { method: "DELETE", shopper: user })).status).toBe(204);
    expect(await (await api("/api/cart", { shopper: user })).json()).toEqual({ items: [], totalCents: 0 });
  });

  it("keeps each user's cart apart", async () => {
    const [alice, bob] = [await newShopper(), await newShopper()];
    await put(alice, books[0]!.isbn, { quantity: 1 });
    expect(await (await api("/api/cart", { shopper: bob })).json()).toEqual({ items: [], totalCents: 0 });
  });

  it("loses none of 20 concurrent updates to one cart", async () => {
    const user = await newShopper();
    const twenty = books.slice(0, 20);
    const results = await Promise.all(twenty.map((b, i) => put(user, b.isbn, { quantity: (i % 5) + 1 })));
    expect(results.map((r) => r.status)).toEqual(twenty.map(() => 200));
    const cart = (await (await api("/api/cart", { shopper: user })).json()) as Cart;
    expect(cart.items).toHaveLength(20);
    expect(new Map(cart.items.map((i) => [i.isbn, i.quantity]))).toEqual(new Map(twenty.map((b, i) => [b.isbn, (i % 5) + 1])));
  });

  it("answers 404 for a book the catalog does not have, and changes nothing", async () => {
    const user = await newShopper();
    await expectProblem(await put(user, "9780000000002", { quantity: 1 }), 404);
    expect(await (await api("/api/cart", { shopper: user })).json()).toEqual({ items: [], totalCents: 0 });
  });

  it.each([
    ["a missing quantity", {}, "quantity"],
    ["a string quantity", { quantity: "2" }, "quantity"],
    ["a negative quantity", { quantity: -1 }, "quantity"],
    ["a fractional quantity", { quantity: 1.5 }, "quantity"],
    ["a quantity above 99", { quantity: 100 }, "quantity"],
  ])("rejects %s with 400 problem+json naming the field", async (_name, body, field) => {
    const problem = await expectProblem(await put(await newShopper(), books[0]!.isbn, body), 400);
    expect(problem.errors).toHaveProperty(field);
  });

  it("rejects malformed JSON, a malformed ISBN and a missing user", async () => {
    const user = await newShopper();
    const malformed = await api(`/api/cart/items/${books[0]!.isbn}`, { method: "PUT", shopper: user, headers: { "content-type": "application/json" }, body: "{quantity:" });
    await expectProblem(malformed, 400);
    const badIsbn = await expectProblem(await put(user, "123", { quantity: 1 }), 400);
    expect(badIsbn.errors).toHaveProperty("isbn");
    await expectProblem(await api("/api/cart"), 401);
  });
});
