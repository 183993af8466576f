import { bookSchema } from "@quire/contracts";
import { MemoryStateStore } from "@quire/kit";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import seed from "../src/data/books.json" with { type: "json" };
import { BookRepository } from "../src/domain/book-repository.ts";
import { Catalog } from "../src/domain/catalog.ts";

const catalog = new Catalog(seed);
const app = createApp({ catalog, logger: pino({ level: "silent" }) });

describe("seed data", () => {
  it("has at least 100 valid books with unique ISBNs", () => {
    expect(seed.length).toBeGreaterThanOrEqual(100);
    for (const book of seed) expect(bookSchema.safeParse(book).success, book.isbn).toBe(true);
    expect(new Set(seed.map((b) => b.isbn)).size).toBe(seed.length);
  });
});

describe("BookRepository", () => {
  it("seeds an empty store once and reads the books back", async () => {
    const repo = new BookRepository(new MemoryStateStore());
    expect(await repo.seedIfEmpty(seed.slice(0, 5))).toBe("seeded");
    expect(await repo.seedIfEmpty(seed)).toBe("present");
    expect((await repo.loadAll()).map((b) => b.isbn).sort()).toEqual(seed.slice(0, 5).map((b) => b.isbn).sort());
  });
});

describe("GET /api/books", () => {
  it("pages through the books sorted by title", async () => {
    const res = await app.request("/api/books?page=1&pageSize=5");
    const page = (await res.json()) as { items: { title: string }[]; total: number };
    expect(page.total).toBe(seed.length);
    const titles = page.items.map((b) => b.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b)));
  });

  it("searches title or author case-insensitively", async () => {
    const res = await app.request("/api/books?q=AUSTEN&pageSize=100");
    const page = (await res.json()) as { items: { author: string }[] };
    expect(page.items.length).toBeGreaterThanOrEqual(3);
    expect(page.items.every((b) => b.author.includes("Austen"))).toBe(true);
  });

  it.each([
    ["page=0", "page"],
    ["page=abc", "page"],
    ["pageSize=101", "pageSize"],
    ["pageSize=2.5", "pageSize"],
    [`q=${"x".repeat(201)}`, "q"],
  ])("rejects %s naming the field", async (query, field) => {
    const res = await app.request(`/api/books?${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: object }).errors).toHaveProperty(field);
  });
});

describe("GET /api/books/:isbn", () => {
  it("returns a book", async () => {
    const res = await app.request(`/api/books/${seed[0]!.isbn}`);
    expect(await res.json()).toEqual(seed[0]);
  });

  it.each([
    ["9780000000002", 404],
    ["97800000000", 400],
    ["9780000000001", 400],
  ])("answers %s with %i", async (isbn, status) => {
    const res = await app.request(`/api/books/${isbn}`);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});
