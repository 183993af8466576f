import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Fetch } from "../src/adapters/backend.ts";
import { GraphvizRenderer } from "../src/adapters/graphviz.ts";
import type { Traces } from "../src/adapters/jaeger.ts";
import { PrometheusMetrics, type Metrics } from "../src/adapters/prometheus.ts";
import { createApp } from "../src/app.ts";
import { DeadLetterLog, KEEP_LATEST, type DeadLetterShelves } from "../src/domain/dead-letter-log.ts";
import { MemoryStateStore } from "@quire/kit";
import { Unreachable } from "../src/adapters/backend.ts";
import { downMetrics, downTraces, FakeMetrics, FakeTraces } from "./fakes.ts";
import { catalogTraces, checkoutTrace, shopAnswers, shopTargets } from "./scenario.ts";

const graphs = new GraphvizRenderer();
const logger = pino({ level: "silent" });
const consoleApp = ({
  metrics = new FakeMetrics(shopAnswers, shopTargets) as Metrics,
  traces = new FakeTraces([checkoutTrace, ...catalogTraces]) as Traces,
  shelves = new DeadLetterLog(new MemoryStateStore()) as DeadLetterShelves,
  runtimeVersion = async () => "1.18.2",
} = {}) => createApp({ metrics, traces, graphs, shelves, runtimeVersion, logger, appToken: APP_TOKEN });
const APP_TOKEN = "sidecar-token";
const html = { accept: "text/html" };
const page = async (path: string, app = consoleApp()) => {
  const res = await app.request(path, { headers: html });
  return { status: res.status, type: res.headers.get("content-type"), body: await res.text(), res };
};
const nav = ['href="/map"', 'href="/traces"', 'href="/dead-letters"', 'href="/health"'];

describe("console pages", () => {
  it("sends / to the map", async () => {
    const res = await consoleApp().request("/");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/map");
  });

  it("shows the service map as an inline SVG, with a legend and its window", async () => {
    const { status, body } = await page("/map");
    expect(status).toBe(200);
    expect(body.startsWith("<!doctype html>")).toBe(true);
    expect(body).toContain("<svg");
    expect(body).toContain(">orders ×2</text>");
    expect(body).toContain("Last 5 minutes");
    expect(body).toContain("Legend");
    for (const link of nav) expect(body).toContain(link);
  });

  it("gives the map as data", async () => {
    const res = await consoleApp().request("/map.json");
    expect(res.status).toBe(200);
    const map = (await res.json()) as { nodes: { id: string }[]; edges: { from: string; to: string; errorRate: number }[] };
    expect(map.nodes.map((n) => n.id)).toContain("topic:orders");
    expect(map.edges.find((e) => e.from === "orders" && e.to === "payments")?.errorRate).toBeCloseTo(0.05);
  });

  it("lists recent traces of every app, newest first, each once", async () => {
    const { status, body } = await page("/traces");
    expect(status).toBe(200);
    const rows = body.split("<tr").slice(2);
    expect(rows).toHaveLength(3); // the checkout trace touches four apps but is listed once
    expect(rows[0]).toContain("/traces/00000000000000000000000000000c02");
    expect(rows[2]).toContain("POST /api/checkout");
    expect(rows[2]).toContain("gateway, inventory, orders, payments");
    expect(rows[2]).toContain("80.0 ms");
    expect(rows[2]).toContain(">yes<");
    expect(rows[0]).toContain("<td>no</td>");
  });

  it("finds the traces of an order by the calls that name it", async () => {
    const { status, body } = await page("/traces?order=ord_42");
    expect(status).toBe(200);
    expect(body).toContain(`/traces/${checkoutTrace.traceID}`);
    expect(body).not.toContain("c01");
    expect((await page("/traces?order=ord_nope")).body).toContain("No trace mentions ord_nope.");
  });

  it("takes a pasted trace id straight to its waterfall", async () => {
    const { status, res } = await page(`/traces?order=${checkoutTrace.traceID.toUpperCase()}`);
    expect(status).toBe(303);
    expect(res.headers.get("location")).toBe(`/traces/${checkoutTrace.traceID}`);
  });

  it("draws a trace as a waterfall: spans in start order, labelled by service, errors marked", async () => {
    const { status, body } = await page(`/traces/${checkoutTrace.traceID}`);
    expect(status).toBe(200);
    const rows = body.split("<tbody>")[1]!.split("<tr").slice(1);
    expect(rows.map((r) => />(gateway|orders|inventory|payments)</.exec(r)?.[1])).toEqual(["gateway", "orders", "inventory", "payments"]);
    expect(rows[3]).toContain('class="failed"');
    expect(rows[3]).toContain("error");
    expect(rows[3]).toContain('x="37.5" y="1" width="15"'); // 30 ms in, 12 ms long, of 80 ms
    expect(rows.slice(0, 3).join("")).not.toContain("failed");
    expect(body).toContain("has errors");
  });

  it("shows Prometheus's targets with each one's version, and that every backend answers", async () => {
    const { status, body } = await page("/health");
    expect(status).toBe(200);
    expect(body).toContain("Prometheus answers: 4 scrape targets.");
    expect(body).toContain("The console&#39;s sidecar answers: Dapr 1.18.2.");
    expect(body).toMatch(/127\.0\.0\.1:17090<\/td><td>up<\/td><td>Dapr 1\.18\.2 · go1\.26\.8</);
    expect(body).toMatch(/127\.0\.0\.1:3001<\/td><td>up<\/td><td>catalog 0\.1\.0 · node v24\.21\.0</);
    expect(body).toContain("Jaeger answers: 5 services have sent traces.");
    expect(body).toContain("127.0.0.1:17090");
    expect(body).toContain("connection refused");
    expect(body).toContain("4 targets, 1 not up");
  });

  it("records what its sidecar delivers from each dead-letter topic and shows the latest, with the last hour's count", async () => {
    const app = consoleApp();
    const deliver = (topic: string, id: string, token = APP_TOKEN) =>
      app.request(`/events/${topic}`, {
        method: "POST",
        headers: { "content-type": "application/cloudevents+json", "dapr-api-token": token },
        body: JSON.stringify({ id, type: "order.paid", source: "orders", data: { orderId: id } }),
      });
    // Two subscribers gave up on the same message: two copies, both counted.
    for (const id of ["evt-1", "evt-1", "evt-2"]) expect(await (await deliver("orders-deadletter", id)).json()).toEqual({ status: "SUCCESS" });
    expect((await deliver("orders-deadletter", "evt-3", "wrong")).status).toBe(401);

    const { status, body } = await page("/dead-letters", app);
    expect(status).toBe(200);
    expect(body).toMatch(/orders-deadletter<\/td><td class="num"><strong class="warn">3<\/strong><\/td><td class="num">3</);
    expect(body).toMatch(/shipments-deadletter<\/td><td class="num">0<\/td><td class="num">0</);
    const latest = body.split("Latest on orders-deadletter")[2]!;
    expect(latest.indexOf("evt-2")).toBeLessThan(latest.indexOf("evt-1"));
    expect(latest).toContain("{&quot;orderId&quot;:&quot;evt-2&quot;}");
    expect(body).not.toContain("Latest on shipments-deadletter");
    expect(body).toContain("0 means nothing was lost to a dead letter.");
  });

  it("keeps the count of every dead letter but only the latest few", async () => {
    const log = new DeadLetterLog(new MemoryStateStore());
    for (let i = 0; i < KEEP_LATEST + 5; i++) await log.record("shipments-deadletter", { id: `evt-${i}`, type: "order.shipped", data: "x".repeat(600) });
    const [shelf] = await log.read(["shipments-deadletter"]);
    expect(shelf!.count).toBe(KEEP_LATEST + 5);
    expect(shelf!.latest.map((l) => l.id)).toEqual(Array.from({ length: KEEP_LATEST }, (_, i) => `evt-${KEEP_LATEST + 4 - i}`));
    expect(shelf!.latest[0]!.data).toHaveLength(501);
  });

  it("says so when its own sidecar does not answer, and still shows the metrics", async () => {
    const down = new Unreachable("The console's sidecar", "http://127.0.0.1:3510", "connection refused (ECONNREFUSED)");
    const shelves: DeadLetterShelves = { record: () => Promise.reject(down), read: () => Promise.reject(down) };
    const app = consoleApp({ shelves, runtimeVersion: () => Promise.reject(down) });
    const dead = await page("/dead-letters", app);
    expect(dead.status).toBe(200);
    expect(dead.body).toContain("The console&#39;s sidecar is not answering at http://127.0.0.1:3510: connection refused");
    const health = await page("/health", app);
    expect(health.body).toMatch(/127\.0\.0\.1:17090<\/td><td>up<\/td><td>Dapr \? · go1\.26\.8</);
  });

  it("serves its one stylesheet and allows no script", async () => {
    const res = await consoleApp().request("/assets/style.css");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect((await page("/map")).res.headers.get("content-security-policy")).toContain("script-src 'none'");
  });
});

describe.each([
  ["/map", "Prometheus is not answering at http://127.0.0.1:9290/api/v1/query: no answer within 2 s"],
  ["/dead-letters", "Prometheus is not answering at http://127.0.0.1:9290/api/v1/query: no answer within 2 s"],
  ["/health", "Prometheus is not answering at http://127.0.0.1:9290/api/v1/query: no answer within 2 s"],
  ["/health", "Jaeger is not answering at http://127.0.0.1:16686/api/services: connection refused (ECONNREFUSED)"],
  ["/traces", "Jaeger is not answering at http://127.0.0.1:16686/api/services: connection refused (ECONNREFUSED)"],
  ["/traces?order=ord_42", "Jaeger is not answering at http://127.0.0.1:16686/api/services: connection refused (ECONNREFUSED)"],
  [`/traces/${checkoutTrace.traceID}`, "Jaeger is not answering at http://127.0.0.1:16686/api/services: connection refused (ECONNREFUSED)"],
])("when the backends do not answer, %s", (path, notice) => {
  it("still renders, with a notice in place of the data", async () => {
    const { status, body } = await page(path, consoleApp({ metrics: downMetrics, traces: downTraces }));
    expect(status).toBe(200);
    expect(body).toContain(notice);
    expect(body).toContain('role="alert"');
  });
});

describe("a Prometheus that hangs", () => {
  const hanging: Fetch = (_url, init) => new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
  const metrics = new PrometheusMetrics({ baseUrl: "http://127.0.0.1:9290", timeoutMs: 50, fetch: hanging });

  it("costs the map page a notice, not a hung request", async () => {
    const { status, body } = await page("/map", consoleApp({ metrics }));
    expect(status).toBe(200);
    expect(body).toContain("no answer within 0.05 s");
  });

  it("makes /map.json say 503 in problem+json", async () => {
    const res = await consoleApp({ metrics }).request("/map.json");
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(((await res.json()) as { detail: string }).detail).toContain("Prometheus is not answering");
  });
});

describe.each([
  ["/traces/not-hex-at-all", 400, "id"],
  ["/traces/abc123", 400, "id"],
  [`/traces/${"a".repeat(33)}`, 400, "id"],
  ["/traces?order=%3Cscript%3E", 400, "order"],
  ["/traces/0123456789abcdef0123456789abcdef", 404, undefined],
  ["/nowhere", 404, undefined],
])("GET %s", (path, status, field) => {
  it(`answers ${status} in problem+json to a program`, async () => {
    const res = await consoleApp().request(path);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await res.json()) as { status: number; requestId: string; errors?: Record<string, string[]> };
    expect(problem).toMatchObject({ status, requestId: expect.any(String) });
    if (field) expect(Object.keys(problem.errors ?? {})).toEqual([field]);
  });

  it(`answers ${status} with a readable page to a browser`, async () => {
    const { status: got, type, body } = await page(path);
    expect(got).toBe(status);
    expect(type).toContain("text/html");
    expect(body).toContain(status === 404 ? "<h1>Not found</h1>" : "<h1>Bad request</h1>");
    for (const link of nav) expect(body).toContain(link);
  });
});
