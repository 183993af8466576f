import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { api, expectProblem, newShopper } from "../harness/client.ts";
import { adminOrder, checkout, publish, setStock, waitForOrder } from "../harness/shop.ts";

// GET /api/recommendations/{isbn}: "readers also bought", from the Python recommendations service,
// which learns from order.paid. Its books are page 4 of 20 (no other test of the suite buys them).
// On a SQL profile the counts outlive a run, so every check is about order, never about a count:
// each run adds the same proportions again.
type Book = { isbn: string; title: string; author: string; year: number; priceCents: number; tags: string[] };
const page = async (): Promise<Book[]> => ((await (await api("/api/books?page=4&pageSize=20")).json()) as { items: Book[] }).items;
const recommended = async (isbn: string): Promise<Book[]> => {
  const res = await api(`/api/recommendations/${isbn}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { items: Book[] }).items;
};
const isbns = (books: Book[]) => books.map((b) => b.isbn);

// One shopper's order of several books, paid with the test card, through the real saga.
async function buyTogether(...books: Book[]) {
  const shopper = await newShopper();
  for (const b of books) expect((await api(`/api/cart/items/${b.isbn}`, { method: "PUT", shopper, json: { quantity: 1 } })).status).toBe(200);
  const res = await checkout(shopper);
  expect(res.status, await res.clone().text()).toBe(202);
  const { orderId } = (await res.json()) as { orderId: string };
  await waitForOrder(shopper, orderId, ["paid", "shipped"]);
  return { shopper, orderId };
}

describe("recommendations", () => {
  it("before any sale, recommends the same author's other books, never the book itself", async () => {
    // A book of the page whose author wrote another book in the catalog (and nobody buys it here).
    const books = await page();
    let found: { book: Book; others: Book[] } | undefined;
    for (const book of books.slice(10)) {
      const byAuthor = ((await (await api(`/api/books?q=${encodeURIComponent(book.author)}&pageSize=100`)).json()) as { items: Book[] }).items;
      const others = byAuthor.filter((b) => b.author === book.author && b.isbn !== book.isbn);
      if (others.length > 0) {
        found = { book, others };
        break;
      }
    }
    expect(found, "a book on page 4 whose author has another book").toBeDefined();
    const items = await recommended(found!.book.isbn);
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(5);
    expect(isbns(items)).not.toContain(found!.book.isbn);
    expect(isbns(items.slice(0, found!.others.length))).toEqual(isbns(found!.others).slice(0, 5));
    // Whole books, as catalog has them.
    expect(items[0]).toEqual(found!.others[0]);
  });

  it("after sales, recommends the most co-purchased first", async () => {
    const [a, b, c] = await page();
    for (const book of [a!, b!, c!]) await setStock(book.isbn, 50);
    await buyTogether(a!, b!);
    await buyTogether(a!, b!);
    await buyTogether(a!, c!);
    // order.paid reaches recommendations through the broker: wait for what a shopper would see.
    await expect.poll(async () => isbns(await recommended(a!.isbn)).slice(0, 2), { timeout: 20_000, interval: 500 }).toEqual([b!.isbn, c!.isbn]);
    expect(isbns(await recommended(b!.isbn))[0]).toBe(a!.isbn);
    expect(isbns(await recommended(a!.isbn))).not.toContain(a!.isbn);
  });

  // A real order's order.paid, delivered three more times as a broker's redelivery and a repeated
  // announcement would (the same CloudEvent id twice, then a new id for the same order): counted
  // once, or the book bought once would outrank the one bought twice.
  it("counts an order.paid delivered again once", async () => {
    const [, , , d, e, f] = await page();
    for (const book of [d!, e!, f!]) await setStock(book.isbn, 50);
    await buyTogether(d!, e!);
    await buyTogether(d!, e!);
    const { orderId } = await buyTogether(d!, f!);
    await expect.poll(async () => isbns(await recommended(d!.isbn)).slice(0, 2), { timeout: 20_000, interval: 500 }).toEqual([e!.isbn, f!.isbn]);

    const { order } = await adminOrder(orderId);
    const data = { orderId, userId: order.userId, items: order.items, totalCents: order.totalCents, at: order.updatedAt };
    const event = { specversion: "1.0", id: `evt-${randomUUID()}`, source: "tests", type: "order.paid", datacontenttype: "application/json", data };
    await publish("orders", event);
    await publish("orders", event);
    await publish("orders", { ...event, id: `evt-${randomUUID()}` });
    // Quiet: every delivery has long been answered (they take milliseconds), then look.
    await new Promise((r) => setTimeout(r, 5000));
    expect(isbns(await recommended(d!.isbn)).slice(0, 2)).toEqual([e!.isbn, f!.isbn]);
  });

  it.each([
    ["letters", "not-an-isbn", 400, "must be an ISBN-13"],
    ["twelve digits", "978100000001", 400, "must be an ISBN-13"],
    ["a wrong check digit", "9781000000017", 400, "check digit"],
    ["an ISBN catalog does not know", "9780000000002", 404, "No book with ISBN 9780000000002"],
  ] as const)("%s: %s answers %i problem+json", async (_case, isbn, status, words) => {
    const problem = await expectProblem(await api(`/api/recommendations/${isbn}`), status);
    if (status === 400) expect(problem.errors?.isbn?.join(" ")).toContain(words);
    else expect(problem.detail).toContain(words);
  });

  it("needs no sign-in, and answers nothing but GET", async () => {
    const [a] = await page();
    expect((await api(`/api/recommendations/${a!.isbn}`)).status).toBe(200);
    await expectProblem(await api(`/api/recommendations/${a!.isbn}`, { method: "POST", json: {} }), 404);
  });
});
