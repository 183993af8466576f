import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { api, newShopper, type Shopper } from "../harness/client.ts";
import { address, CARDS } from "../harness/shop.ts";

// A property over the whole public API: whatever arrives (generated methods, paths, tokens,
// content types and bodies), no answer is a 5xx, every error is problem+json, and afterwards
// every service is still up.
const RUNS = Number(process.env.FUZZ_RUNS ?? 5_000);
const BATCH = 20; // requests sent together per property run

let shoppers: Shopper[];
beforeAll(async () => {
  shoppers = await Promise.all([newShopper(), newShopper(), newShopper()]);
}, 60_000);

const segment = fc.oneof(fc.constantFrom("9781000000016", "9780000000002", "abc", "0", "-1", "%00", "..", "o-1"), fc.string({ maxLength: 20 }).map(encodeURIComponent));
const path = fc.oneof(
  fc.constantFrom("/api/books", "/api/cart", "/api/checkout", "/api/orders", "/api/notifications", "/api/me", "/api/me/address", "/api/users", "/api/sessions", "/api/inventory"),
  fc.tuple(fc.constantFrom("/api/books/", "/api/inventory/", "/api/cart/items/", "/api/orders/"), segment).map(([p, s]) => p + s),
  fc.tuple(fc.constantFrom("page", "pageSize", "q"), fc.oneof(fc.integer().map(String), fc.string({ maxLength: 30 }))).map(([k, v]) => `/api/books?${k}=${encodeURIComponent(v)}`),
  fc.string({ maxLength: 30 }).map((s) => `/api/${encodeURIComponent(s)}`),
);
const nearValid = fc.oneof(
  fc.record({ quantity: fc.oneof(fc.integer({ min: -5, max: 200 }), fc.double(), fc.string(), fc.constant(null)) }),
  fc.record({ email: fc.oneof(fc.emailAddress(), fc.string()), password: fc.string({ maxLength: 300 }), name: fc.string({ maxLength: 120 }) }, { requiredKeys: [] }),
  fc.record({ card: fc.record({ number: fc.oneof(fc.constant(CARDS.declined), fc.stringMatching(/^\d{0,25}$/)) }), address: fc.oneof(fc.constant(address), fc.dictionary(fc.string(), fc.string())) }, { requiredKeys: [] }),
);
const body = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  nearValid.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constant("x".repeat(70 * 1024)),
);
const request = fc.record({
  method: fc.constantFrom("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD"),
  path,
  auth: fc.constantFrom("none", "valid", "garbage", "wrong-scheme"),
  contentType: fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", ""),
  body: fc.option(body, { nil: undefined }),
  who: fc.nat(),
});
type Request = typeof request extends fc.Arbitrary<infer T> ? T : never;

const slowest: Array<{ ms: number; what: string }> = [];
async function send(r: Request): Promise<{ status: number; type: string | null }> {
  const t0 = Date.now();
  const headers = new Headers();
  if (r.contentType) headers.set("content-type", r.contentType);
  if (r.auth === "valid") headers.set("authorization", `Bearer ${shoppers[r.who % shoppers.length]!.token}`);
  if (r.auth === "garbage") headers.set("authorization", "Bearer not.a.token");
  if (r.auth === "wrong-scheme") headers.set("authorization", "Basic dXNlcjpwdw==");
  const hasBody = r.body !== undefined && !["GET", "HEAD"].includes(r.method);
  const res = await api(r.path, { method: r.method, headers, ...(hasBody ? { body: r.body } : {}) });
  await res.arrayBuffer();
  slowest.push({ ms: Date.now() - t0, what: `${r.method} ${r.path} ${r.auth} → ${res.status}` });
  slowest.sort((a, b) => b.ms - a.ms).splice(5);
  return { status: res.status, type: res.headers.get("content-type") };
}

describe("fuzzing the public API", () => {
  it(`answers ${RUNS} generated requests without a 5xx, errors as problem+json, nothing crashed`, async () => {
    const started = Date.now();
    const statuses: Record<number, number> = {};
    // Each run sends a batch at once (the API under concurrent load); fast-check shrinks a
    // failing batch down to the request that fails.
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const answers = await Promise.all(batch.map(send));
        answers.forEach(({ status, type }, i) => {
          const r = batch[i]!;
          statuses[status] = (statuses[status] ?? 0) + 1;
          expect(status, `${r.method} ${r.path}`).toBeLessThan(500);
          if (status >= 400 && r.method !== "HEAD") expect(type, `${r.method} ${r.path} → ${status}`).toMatch(/^application\/problem\+json/);
        });
      }),
      { numRuns: RUNS / BATCH, seed: Number(process.env.FUZZ_SEED ?? 42), endOnFailure: true },
    );
    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    console.log(`[figures] fuzz: slowest ${JSON.stringify(slowest)}`);
    console.log(`[figures] fuzz: ${total} requests, statuses ${JSON.stringify(statuses)} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    expect(total).toBeGreaterThanOrEqual(RUNS);
    // 200 only while every backend answers its health check.
    expect((await api("/healthz")).status).toBe(200);
  }, 240_000);
});
