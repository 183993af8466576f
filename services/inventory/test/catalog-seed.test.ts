import type { DaprClient } from "@dapr/dapr";
import { MemoryStateStore } from "@quire/kit";
import { describe, expect, it } from "vitest";
import { DaprCatalogIsbns } from "../src/adapters/catalog-isbns.ts";
import { seedFromCatalog, type CatalogIsbns } from "../src/domain/catalog-seed.ts";
import { A, B, setup, UNKNOWN } from "./harness.ts";

class FixedCatalog implements CatalogIsbns {
  calls = 0;
  constructor(private readonly isbns: string[]) {}
  async all() {
    this.calls++;
    return this.isbns;
  }
}

describe("the first-start seed", () => {
  it("stocks every catalog book once; later starts keep the stock there is", async () => {
    const state = new MemoryStateStore();
    const catalog = new FixedCatalog([A, B, UNKNOWN]);
    expect(await seedFromCatalog(state, catalog, 25)).toBe(3);
    const { inventory } = await setup({}, state);
    expect((await inventory.availability(UNKNOWN))?.available).toBe(25);

    await inventory.setStock(A, 3);
    expect(await seedFromCatalog(state, catalog, 25)).toBe(0);
    expect(catalog.calls).toBe(1);
    expect((await inventory.availability(A))?.available).toBe(3);
    expect((await state.get("stock:index")).value).toEqual([A, B, UNKNOWN]);
  });

  it("after a crash mid-seed, keeps the books already written", async () => {
    const state = new MemoryStateStore();
    await state.save(`stock:${A}`, { isbn: A, onHand: 7, reservations: {} });
    expect(await seedFromCatalog(state, new FixedCatalog([A, B]), 25)).toBe(1);
    const { inventory } = await setup({}, state);
    expect([(await inventory.availability(A))?.available, (await inventory.availability(B))?.available]).toEqual([7, 25]);
  });

  it("reads the catalog page by page through Dapr until it has them all", async () => {
    const books = Array.from({ length: 230 }, (_, i) => ({ isbn: String(i) }));
    const paths: string[] = [];
    const dapr = {
      invoker: {
        invoke: async (appId: string, path: string) => {
          paths.push(`${appId}/${path}`);
          const page = Number(new URLSearchParams(path.split("?")[1]).get("page"));
          return { items: books.slice((page - 1) * 100, page * 100), total: books.length };
        },
      },
    } as unknown as DaprClient;
    expect(await new DaprCatalogIsbns(dapr, "catalog").all()).toEqual(books.map((b) => b.isbn));
    expect(paths).toEqual(["catalog/api/books?page=1&pageSize=100", "catalog/api/books?page=2&pageSize=100", "catalog/api/books?page=3&pageSize=100"]);
  });
});
