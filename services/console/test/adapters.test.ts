import { describe, expect, it } from "vitest";
import { Unreachable, type Fetch } from "../src/adapters/backend.ts";
import { JaegerTraces } from "../src/adapters/jaeger.ts";
import { PrometheusMetrics } from "../src/adapters/prometheus.ts";
import { checkoutTrace } from "./scenario.ts";

// No network: each adapter gets a fetch that answers like the real backend, or fails like it.
const answering =
  (body: unknown, status = 200): Fetch =>
  async () =>
    new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const refused: Fetch = async () => {
  throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9290"), { code: "ECONNREFUSED" }) });
};
// Never answers; gives up only when the caller's signal aborts.
const hanging: Fetch = (_url, init) => new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));

const PROM = "http://prometheus.test:9290";
const JAEGER = "http://jaeger.test:16686";

describe("PrometheusMetrics", () => {
  it("reads an instant vector, values as numbers, NaN included", async () => {
    const urls: string[] = [];
    const metrics = new PrometheusMetrics({
      baseUrl: `${PROM}/`,
      fetch: async (url, init) => {
        urls.push(url);
        return answering({ status: "success", data: { resultType: "vector", result: [{ metric: { app_id: "orders" }, value: [1764410000.5, "2.5"] }, { metric: {}, value: [1764410000.5, "NaN"] }] } })(url, init);
      },
    });
    const samples = await metrics.query("count by (app_id) (dapr_resiliency_loaded)");
    expect(samples[0]).toEqual({ metric: { app_id: "orders" }, value: 2.5 });
    expect(samples[1]?.value).toBeNaN();
    expect(urls).toEqual([`${PROM}/api/v1/query?query=count+by+%28app_id%29+%28dapr_resiliency_loaded%29`]);
  });

  it("reads the scrape targets", async () => {
    const active = { labels: { job: "sidecars", instance: "127.0.0.1:9100", app: "x" }, scrapeUrl: "http://127.0.0.1:9100/metrics", health: "down", lastError: "connection refused", lastScrape: "2026-11-29T10:00:00Z" };
    const metrics = new PrometheusMetrics({ baseUrl: PROM, fetch: answering({ status: "success", data: { activeTargets: [active], droppedTargets: [] } }) });
    expect(await metrics.targets()).toEqual([{ job: "sidecars", instance: "127.0.0.1:9100", scrapeUrl: active.scrapeUrl, health: "down", lastError: "connection refused" }]);
  });
});

describe("JaegerTraces", () => {
  it("lists services, searches by service and tags, and reads one trace", async () => {
    const urls: string[] = [];
    const jaeger = (body: unknown, status = 200): Fetch => async (url, init) => (urls.push(url), answering(body, status)(url, init));
    expect(await new JaegerTraces({ baseUrl: JAEGER, fetch: jaeger({ data: ["orders", "gateway"], total: 2 }) }).services()).toEqual(["orders", "gateway"]);
    expect(await new JaegerTraces({ baseUrl: JAEGER, fetch: jaeger({ data: null }) }).services()).toEqual([]);
    const found = await new JaegerTraces({ baseUrl: JAEGER, fetch: jaeger({ data: [checkoutTrace], errors: null }) }).search({ service: "orders", limit: 5, tags: { "order.id": "ord_42" } });
    expect(found[0]?.spans).toHaveLength(4);
    expect(urls.at(-1)).toBe(`${JAEGER}/api/traces?service=orders&limit=5&tags=%7B%22order.id%22%3A%22ord_42%22%7D`);
    expect(await new JaegerTraces({ baseUrl: JAEGER, fetch: jaeger({ data: [checkoutTrace] }) }).get(checkoutTrace.traceID)).toEqual(checkoutTrace);
    expect(urls.at(-1)).toBe(`${JAEGER}/api/traces/${checkoutTrace.traceID}`);
  });

  it("takes a 404 for a trace as 'no such trace'", async () => {
    const jaeger = new JaegerTraces({ baseUrl: JAEGER, fetch: answering({ data: null, errors: [{ code: 404, msg: "trace not found" }] }, 404) });
    expect(await jaeger.get("0123456789abcdef")).toBeUndefined();
  });
});

describe.each([
  ["connection refused", refused, "connection refused (ECONNREFUSED)"],
  ["no answer in time", hanging, "no answer within 0.05 s"],
  ["an HTTP error, with the backend's reason", answering({ status: "error", errorType: "bad_data", error: "parse error at char 5" }, 400), "HTTP 400: parse error at char 5"],
  ["a body that is not JSON", answering("<html>proxy error</html>"), "the answer is not JSON"],
  ["JSON of another shape", answering({ status: "success", data: { resultType: "matrix", result: [] } }), "unexpected answer (data.resultType:"],
])("when Prometheus fails with %s", (_case, fetch, reason) => {
  it("throws Unreachable naming the URL and the reason", async () => {
    const metrics = new PrometheusMetrics({ baseUrl: PROM, timeoutMs: 50, fetch });
    const err = await metrics.query("up").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Unreachable);
    expect((err as Error).message).toContain(`Prometheus is not answering at ${PROM}/api/v1/query: ${reason}`);
  });
});

describe.each([
  ["services", (j: JaegerTraces) => j.services(), "/api/services"],
  ["search", (j: JaegerTraces) => j.search({ service: "orders", limit: 5 }), "/api/traces"],
  ["get", (j: JaegerTraces) => j.get("0123456789abcdef"), "/api/traces/0123456789abcdef"],
])("when Jaeger does not answer %s", (_case, call, path) => {
  it.each([
    ["refused", refused],
    ["hangs", hanging],
    ["answers 500", answering({ data: null, errors: [{ code: 500, msg: "storage down" }] }, 500)],
  ])("and %s, throws Unreachable naming the URL", async (_how, fetch) => {
    const err = await call(new JaegerTraces({ baseUrl: JAEGER, timeoutMs: 50, fetch })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Unreachable);
    expect((err as Error).message).toMatch(`Jaeger is not answering at ${JAEGER}${path}: `);
  });
});
