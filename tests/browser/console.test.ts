import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTraceparent } from "@quire/kit";
import { launchChromium, shoot } from "../harness/browser.ts";
import { api, cluster, newShopper, type Shopper } from "../harness/client.ts";
import { CARDS, checkout, setStock, waitForOrder } from "../harness/shop.ts";
import { loadTopology, repoRoot } from "../../scripts/topology.ts";
import { waitFor } from "../harness/processes.ts";

// The ops console against the real topology: the map drawn from what Prometheus scraped off the
// sidecars, traces from Jaeger, in Chromium. Screenshots: tests/.artifacts/screenshots/console-*.png.
type Edge = { from: string; to: string; kind: string; rps: number; errorRate: number };
type ServiceMap = { nodes: { id: string; kind: string; instances?: number }[]; edges: Edge[] };

let browser: Browser;
const journey: { paid?: { orderId: string; traceId: string }; declined?: { orderId: string; traceId: string } } = {};

async function place(shopper: Shopper, isbn: string, card: string) {
  expect((await api(`/api/cart/items/${isbn}`, { method: "PUT", shopper, json: { quantity: 1 } })).status).toBe(200);
  const res = await checkout(shopper, card);
  expect(res.status).toBe(202);
  const { orderId } = (await res.json()) as { orderId: string };
  return { orderId, traceId: parseTraceparent(res.headers.get("traceparent") ?? undefined)!.traceId };
}

const mapJson = async () => (await (await fetch(`${cluster().consoleUrl}/map.json`)).json()) as ServiceMap;
const has = (map: ServiceMap, kind: string, from: string, to: string) => map.edges.some((e) => e.kind === kind && e.from === from && e.to === to);

beforeAll(async () => {
  browser = await launchChromium();
  const { items } = (await (await api("/api/books?page=9&pageSize=5")).json()) as { items: { isbn: string }[] };
  await setStock(items[0]!.isbn, 5);
  const [a, b] = [await newShopper(), await newShopper()];
  journey.paid = await place(a, items[0]!.isbn, CARDS.pays);
  journey.declined = await place(b, items[0]!.isbn, CARDS.declined);
  await waitForOrder(a, journey.paid.orderId, ["shipped"]);
  await waitForOrder(b, journey.declined.orderId, ["cancelled"]);
  // The sidecars export their spans in batches, every few seconds, each on its own clock: wait until
  // Jaeger has both journeys to their ends — the paid one's last hop (order.shipped reaching
  // notifications), the declined one's refused charge (orders' call to payments, marked failed).
  type Span = { processID: string; operationName: string; tags: { key: string; value: unknown }[] };
  const spansOf = async (traceId: string) => {
    const res = await fetch(`${cluster().jaegerUrl}/api/traces/${traceId}`);
    if (!res.ok) return [];
    const [trace] = ((await res.json()) as { data: { spans: Span[]; processes: Record<string, { serviceName: string }> }[] }).data;
    return trace!.spans.map((s) => ({ at: `${trace!.processes[s.processID]!.serviceName} ${s.operationName}`, error: s.tags.some((t) => t.key === "error" && t.value === true) }));
  };
  await waitFor("the paid checkout's trace in Jaeger", async () => (await spansOf(journey.paid!.traceId)).some((s) => s.at === "notifications pubsub/shipments"), { timeoutMs: 60_000, intervalMs: 1_000 });
  await waitFor("the declined checkout's trace in Jaeger", async () => (await spansOf(journey.declined!.traceId)).some((s) => s.at === "orders CallLocal/payments/charges" && s.error), { timeoutMs: 60_000, intervalMs: 1_000 });
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

describe("the service map", () => {
  it("holds the checkout's paths: invocations, publishes, deliveries, state", async () => {
    const expected: Array<[string, string, string]> = [
      ["invoke", "gateway", "orders"],
      ["invoke", "orders", "cart"],
      ["invoke", "orders", "catalog"],
      ["invoke", "orders", "inventory"],
      ["invoke", "orders", "payments"],
      ["publish", "orders", "topic:orders"],
      ["deliver", "topic:orders", "shipping"],
      ["deliver", "topic:orders", "notifications"],
      ["deliver", "topic:orders", "cart"],
      ["publish", "shipping", "topic:shipments"],
      ["deliver", "topic:shipments", "orders"],
      ["deliver", "topic:shipments", "notifications"],
      ["state", "orders", "store:orderstore"],
    ];
    // Prometheus scrapes each sidecar every 5 s, each at its own moment.
    const missing = async () => {
      const map = await mapJson();
      return expected.filter(([kind, from, to]) => !has(map, kind, from, to));
    };
    await expect.poll(missing, { timeout: 60_000, interval: 1_000 }).toEqual([]);
    // The declined card's 402 shows as orders → payments failing now and then (once the scrape
    // after it has landed).
    const chargeErrors = async () => (await mapJson()).edges.find((e) => e.kind === "invoke" && e.from === "orders" && e.to === "payments")!.errorRate;
    await expect.poll(chargeErrors, { timeout: 30_000, interval: 1_000 }).toBeGreaterThan(0);
    // Every app shows how many instances run.
    expect((await mapJson()).nodes.filter((n) => n.kind === "app").every((n) => n.instances === 1)).toBe(true);
  });

  it("holds no call that the access lists forbid, but for refused attempts (the security tests make some)", async () => {
    type Config = { spec: { accessControl: { policies?: { appId: string }[] } } };
    const allowed = new Map(loadTopology().apps.map((a) => [a.appID, new Set((parse(readFileSync(a.configFile, "utf8")) as Config).spec.accessControl.policies?.map((p) => p.appId) ?? [])]));
    const invokes = (await mapJson()).edges.filter((e) => e.kind === "invoke");
    expect(invokes.length).toBeGreaterThan(5);
    // A refused call still counts as sent by the caller's sidecar: it shows, failing every time.
    expect(invokes.filter((e) => !allowed.get(e.to)?.has(e.from) && e.errorRate < 1)).toEqual([]);
  });
});

describe("the console in a browser", () => {
  const open = async (path: string, name: string): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    const res = await page.goto(`${cluster().consoleUrl}${path}`);
    expect(res?.status()).toBe(200);
    await shoot(page, name);
    return page;
  };

  it("draws the map as SVG", async () => {
    const page = await open("/map", "console-map");
    await expect.poll(() => page.locator("figure.map svg text", { hasText: "payments" }).count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it("lists recent traces and finds a checkout's by its order id", async () => {
    const page = await open(`/traces?order=${journey.paid!.orderId}`, "console-traces");
    expect(await page.locator(`a[href="/traces/${journey.paid!.traceId}"]`).count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it("shows one checkout as a waterfall through every service it touched, and marks a declined card's error", async () => {
    const page = await open(`/traces/${journey.paid!.traceId}`, "console-trace");
    const text = await page.locator("main").innerText();
    for (const app of ["gateway", "orders", "inventory", "payments", "shipping", "notifications"]) expect(text).toContain(app);
    await page.context().close();
    const declined = await open(`/traces/${journey.declined!.traceId}`, "console-trace-declined");
    expect(await declined.locator("main").innerText()).toContain("has errors");
    expect(await declined.locator("tr.failed", { hasText: "payments" }).count()).toBeGreaterThan(0);
    await declined.context().close();
  });

  it("shows every sidecar and control-plane process up, and the dead-letter topics", async () => {
    const health = await open("/health", "console-health");
    // Every sidecar and every app (the console among them), and sentry, placement and scheduler.
    const text = await health.locator("main").innerText();
    expect(text).toContain(`${loadTopology().apps.length * 2 + 3} targets, 0 not up`);
    expect(text).toMatch(/Dapr 1\.\d+\.\d+ · go1\./);
    expect(text).toMatch(/gateway 0\.1\.0 · node v24\./);
    expect(await health.locator("tr.failed").count()).toBe(0);
    await health.context().close();
    const dead = await open("/dead-letters", "console-dead-letters");
    expect(await dead.locator("main").innerText()).toMatch(/dead.letter/i);
    await dead.context().close();
  });
});

// A console whose Jaeger and Prometheus do not answer says so on every page, at once; the shop,
// which never calls it, goes on as before.
describe("a console whose backends are gone", () => {
  it("says so instead of failing, and the shop does not notice", async () => {
    const port = 24_081;
    const [command, ...args] = loadTopology().apps.find((a) => a.appID === "console")!.command as [string, ...string[]];
    const child = spawn(command, args, {
      cwd: join(repoRoot, "services/console"),
      // No sidecar answers on port 3 either.
      env: { ...process.env, PORT: String(port), JAEGER_URL: "http://127.0.0.1:1", PROMETHEUS_URL: "http://127.0.0.1:2", DAPR_HTTP_PORT: "3", APP_API_TOKEN: "unused" },
      stdio: "ignore",
    });
    try {
      await waitFor("the second console", async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok);
      for (const [path, backend] of [["/map", "Prometheus"], ["/traces", "Jaeger"], ["/health", "Prometheus"], ["/dead-letters", "Prometheus"], ["/dead-letters", "The console&#39;s sidecar"]] as const) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        expect(res.status, path).toBe(200);
        expect(await res.text(), path).toContain(`${backend} is not answering`);
      }
      expect((await api("/api/books?pageSize=1")).status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
