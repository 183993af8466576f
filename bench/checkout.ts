import { summarize } from "./stats.ts";
import type { CheckoutResult } from "./results.ts";

export type CheckoutOptions = {
  gateway: string;
  admin: { email: string; password: string };
  // Orders per concurrency level, e.g. { 1: 10, 10: 40, 50: 100 }.
  levels: readonly { concurrency: number; orders: number }[];
  pollMs: number;
  settleTimeoutMs: number;
};

type Shopper = { token: string };
const SETTLED = new Set(["shipped", "cancelled"]);
const address = { name: "Bench Shopper", line1: "1 Load Street", city: "Paris", postalCode: "75002", country: "FR" };

async function api(base: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function must(base: string, method: string, path: string, body: unknown, token: string | undefined, expected: number[]): Promise<any> {
  const { status, json } = await api(base, method, path, body, token);
  if (!expected.includes(status)) throw new Error(`${method} ${path} answered ${status}: ${JSON.stringify(json)}`);
  return json;
}

// Runs `work` over `items` with at most `limit` at a time.
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!);
      }
    }),
  );
  return out;
}

// Stock first, so no order is cancelled for want of copies: the admin (from the dev secrets) sets
// each book's shelf well above what the bench will buy.
async function restock(base: string, admin: CheckoutOptions["admin"], isbns: readonly string[], copies: number): Promise<void> {
  const { token } = await must(base, "POST", "/api/sessions", admin, undefined, [200]);
  for (const isbn of isbns) await must(base, "PUT", `/api/admin/stock/${isbn}`, { onHand: copies }, token, [200]);
}

// A new shopper with one book in the cart, made before the clock starts (sign-up hashes with scrypt).
async function shopperWithCart(base: string, run: string, i: number, isbn: string): Promise<Shopper> {
  const email = `bench-${run}-${i}@quire.test`;
  const password = "bench password";
  await must(base, "POST", "/api/users", { email, password, name: `Bench ${i}` }, undefined, [201]);
  const { token } = await must(base, "POST", "/api/sessions", { email, password }, undefined, [200]);
  await must(base, "PUT", `/api/cart/items/${isbn}`, { quantity: 1 }, token, [200]);
  return { token };
}

type Outcome = { acceptedMs: number; settledMs: number | undefined; status: string };

async function checkoutOnce(base: string, shopper: Shopper, key: string, { pollMs, settleTimeoutMs }: CheckoutOptions): Promise<Outcome> {
  const started = performance.now();
  const res = await fetch(`${base}/api/checkout`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${shopper.token}`, "idempotency-key": key },
    body: JSON.stringify({ card: { number: "4242424242424242" }, address }),
  });
  const acceptedMs = performance.now() - started;
  const body = (await res.json()) as { orderId?: string };
  if (res.status !== 202 || !body.orderId) throw new Error(`POST /api/checkout answered ${res.status}: ${JSON.stringify(body)}`);
  while (performance.now() - started < settleTimeoutMs) {
    await new Promise((r) => setTimeout(r, pollMs));
    const { status, json } = await api(base, "GET", `/api/orders/${body.orderId}`, undefined, shopper.token);
    if (status === 200 && SETTLED.has(json.status)) return { acceptedMs, settledMs: performance.now() - started, status: json.status };
  }
  return { acceptedMs, settledMs: undefined, status: "unsettled" };
}

// Checkouts at each concurrency, closed loop: `concurrency` shoppers at a time, each checking out
// and polling its order until it is shipped or cancelled, then the next shopper.
export async function checkout(options: CheckoutOptions, progress: (line: string) => void): Promise<CheckoutResult[]> {
  const base = options.gateway;
  const { items } = await must(base, "GET", "/api/books?pageSize=10", undefined, undefined, [200]);
  const isbns = (items as { isbn: string }[]).map((b) => b.isbn);
  const total = options.levels.reduce((s, l) => s + l.orders, 0);
  await restock(base, options.admin, isbns, 100_000);
  const run = Date.now().toString(36);
  progress(`making ${total} shoppers, one book each in the cart (${isbns.length} titles)…`);
  const shoppers = await pool(
    Array.from({ length: total }, (_, i) => i),
    8,
    (i) => shopperWithCart(base, run, i, isbns[i % isbns.length]!),
  );

  const results: CheckoutResult[] = [];
  let used = 0;
  for (const { concurrency, orders } of options.levels) {
    const mine = shoppers.slice(used, used + orders);
    used += orders;
    const started = performance.now();
    const outcomes = await pool(mine, concurrency, (s) => checkoutOnce(base, s, `bench-${run}-${used}-${mine.indexOf(s)}`, options));
    const seconds = (performance.now() - started) / 1000;
    const count = (status: string) => outcomes.filter((o) => o.status === status).length;
    const result: CheckoutResult = {
      concurrency,
      orders,
      shipped: count("shipped"),
      cancelled: count("cancelled"),
      unsettled: count("unsettled"),
      seconds,
      accepted: summarize(outcomes.map((o) => o.acceptedMs)),
      settled: summarize(outcomes.flatMap((o) => (o.settledMs === undefined ? [] : [o.settledMs]))),
    };
    progress(
      `checkout c=${concurrency}: ${orders} orders in ${seconds.toFixed(1)} s, shipped ${result.shipped}, cancelled ${result.cancelled}, unsettled ${result.unsettled}; ` +
        `202 p50 ${result.accepted.p50.toFixed(0)} ms, settled p50 ${result.settled.p50.toFixed(0)} ms`,
    );
    results.push(result);
  }
  return results;
}
