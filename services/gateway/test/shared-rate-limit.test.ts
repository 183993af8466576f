import { createLogger, MemoryStateStore, type StateStore } from "@quire/kit";
import { describe, expect, it } from "vitest";
import { SharedRateLimitStore } from "../src/adapters/shared-rate-limit.ts";

const logger = createLogger("gateway-test", "silent");
const admitted = async (stores: SharedRateLimitStore[], requests: number, limit: number, client = "token:abc") => {
  let count = 0;
  for (let i = 0; i < requests; i++) if ((await stores[i % stores.length]!.increment(client)).totalHits <= limit) count++;
  return count;
};

describe("the shared rate limit", () => {
  it("holds across instances: two gateways on one store admit the limit between them, not twice it", async () => {
    const state = new MemoryStateStore();
    const now = () => 1_000;
    const [a, b] = [0, 1].map(() => new SharedRateLimitStore(state, { limit: 300, windowMs: 60_000, logger, now }));
    const count = await admitted([a!, b!], 400, 300);
    // Blocks of 3 (1% of 300): at most one block left unspent in the other instance.
    expect(count).toBeLessThanOrEqual(300);
    expect(count).toBeGreaterThanOrEqual(297);
    // Each alone, in memory, would have let 300 through: 400 alternating requests are 200 each.
    expect(await admitted([new SharedRateLimitStore(new MemoryStateStore(), { limit: 300, windowMs: 60_000, logger, now })], 200, 300)).toBe(200);
  });

  it("counts concurrent requests of one client once each, and starts again in the next window", async () => {
    const state = new MemoryStateStore();
    let t = 0;
    const store = new SharedRateLimitStore(state, { limit: 10, windowMs: 1_000, logger, now: () => t });
    const answers = await Promise.all(Array.from({ length: 25 }, () => store.increment("address:1")));
    expect(answers.filter((a) => a.totalHits <= 10)).toHaveLength(10);
    expect(answers.every((a) => a.resetTime?.getTime() === 1_000)).toBe(true);
    t = 1_000;
    expect((await store.increment("address:1")).totalHits).toBe(1);
    // Another client has its own allowance.
    expect((await store.increment("address:2")).totalHits).toBe(1);
  });

  it("keeps counting here when the store does not answer, rather than turning everyone away", async () => {
    const broken = { get: async () => Promise.reject(new Error("sidecar down")) } as unknown as StateStore;
    const store = new SharedRateLimitStore(broken, { limit: 5, windowMs: 60_000, logger, now: () => 0 });
    expect(await admitted([store], 8, 5)).toBe(5);
  });
});
