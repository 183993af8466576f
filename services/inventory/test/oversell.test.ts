import { MemoryStateStore, type SaveOptions, type SaveResult } from "@quire/kit";
import { describe, expect, it } from "vitest";
import { available, stockSchema } from "../src/domain/stock.ts";
import { A, line, setup } from "./harness.ts";

// Records the lowest availability ever written for a book, so an oversell that a later write
// repaired would still be caught.
class WatchedStore extends MemoryStateStore {
  lowest = Number.POSITIVE_INFINITY;
  conflicts = 0;

  override async save<T>(key: string, value: T, options?: SaveOptions): Promise<SaveResult> {
    const result = await super.save(key, value, options);
    if (result === "conflict") this.conflicts++;
    else if (key.startsWith("stock:") && key !== "stock:index") this.lowest = Math.min(this.lowest, available(stockSchema.parse(value)));
    return result;
  }
}

describe("under concurrency", () => {
  it("never oversells: 200 buyers at once for 50 copies → 50 reserved, 150 rejected", async () => {
    const state = new WatchedStore();
    const { inventory } = await setup({ [A]: 50 }, state);

    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => inventory.reserve(`order-${i}`, [line(A, 1)])));

    expect(results.filter((r) => r.status === "reserved")).toHaveLength(50);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(150);
    expect(results.filter((r) => r.status === "rejected").every((r) => r.reason === `Out of stock: ${A}`)).toBe(true);
    expect((await inventory.availability(A))?.available).toBe(0);
    expect(state.lowest).toBe(0);
    // The race really happened: writers lost to each other and retried.
    expect(state.conflicts).toBeGreaterThan(0);
  });

  it("commits and releases racing each other on one order settle on exactly one outcome", async () => {
    const { inventory } = await setup({ [A]: 5 });
    await inventory.reserve("o1", [line(A, 2)]);
    const outcomes = await Promise.allSettled([inventory.commit("o1"), inventory.release("o1"), inventory.commit("o1"), inventory.release("o1")]);
    const status = (await inventory.reservation("o1"))?.status;
    const left = (await inventory.availability(A))?.available;
    // Either the sale went through (3 left) or the copies came back (5 left), never both or neither.
    expect(["committed", "released"]).toContain(status);
    expect(left).toBe(status === "committed" ? 3 : 5);
    expect(outcomes.every((o) => o.status === "fulfilled" || (o.reason as { code?: string }).code === "CONFLICT")).toBe(true);
  });
});
