import { describe, expect, it } from "vitest";
import { api, expectProblem } from "../harness/client.ts";

type Book = { isbn: string; title: string; author: string; year: number; priceCents: number; tags: string[] };
type Page = { items: Book[]; page: number; pageSize: number; total: number };

describe("catalog through the gateway", () => {
  it("lists the seeded books a page at a time", async () => {
    const res = await api("/api/books?page=2&pageSize=10");
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page;
    expect(page).toMatchObject({ page: 2, pageSize: 10 });
    expect(page.total).toBeGreaterThanOrEqual(100);
    expect(page.items).toHaveLength(10);
    const first = (await (await api("/api/books?page=1&pageSize=10")).json()) as Page;
    expect(first.items.map((b) => b.isbn)).not.toContain(page.items[0]!.isbn);
  });

  it("searches title and author, case-insensitively", async () => {
    const byAuthor = (await (await api("/api/books?q=DiCkEnS&pageSize=100")).json()) as Page;
    expect(byAuthor.total).toBeGreaterThanOrEqual(3);
    expect(byAuthor.items.every((b) => b.author.toLowerCase().includes("dickens"))).toBe(true);

    const byTitle = (await (await api(`/api/books?q=${encodeURIComponent("pride and")}`)).json()) as Page;
    expect(byTitle.items.map((b) => b.title)).toContain("Pride and Prejudice");

    const none = (await (await api("/api/books?q=zzzz-no-such-book")).json()) as Page;
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  it("gets one book by ISBN", async () => {
    const [book] = ((await (await api("/api/books?pageSize=1")).json()) as Page).items;
    const res = await api(`/api/books/${book!.isbn}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(book);
  });

  it.each([
    ["an unknown ISBN", "/api/books/9780000000002", 404],
    ["a malformed ISBN", "/api/books/not-an-isbn", 400],
    ["an ISBN with a wrong check digit", "/api/books/9780000000001", 400],
    ["a page below 1", "/api/books?page=0", 400],
    ["a page size above 100", "/api/books?pageSize=1000", 400],
    ["an unknown route", "/api/nothing-here", 404],
  ])("answers %s with problem+json", async (_name, path, status) => {
    const problem = await expectProblem(await api(path), status);
    if (status === 400) expect(Object.keys(problem.errors ?? {})).not.toHaveLength(0);
  });
});
