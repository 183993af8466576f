import { describe, expect, it } from "vitest";
import { parseTraceparent } from "@quire/kit";
import { api, cluster, newShopper } from "./harness/client.ts";
import { checkout, setStock, waitForOrder } from "./harness/shop.ts";
import { loadTopology } from "../scripts/topology.ts";

type Target = { labels: { job: string; instance: string }; health: string };
type Span = { traceID: string; spanID: string; operationName: string; processID: string };
type Trace = { traceID: string; spans: Span[]; processes: Record<string, { serviceName: string }> };

const apps = loadTopology().apps.map((a) => a.appID);
const json = async <T>(url: string) => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return (await res.json()) as T;
};

// Every sidecar exports its spans to the run's Jaeger (OTLP) and exposes metrics that the run's
// Prometheus scrapes: both are real processes of the topology, started beside the control plane.
describe("what the sidecars report", () => {
  it("Prometheus scrapes every sidecar, every control-plane process and every app", async () => {
    await expect
      .poll(async () => (await json<{ data: { activeTargets: Target[] } }>(`${cluster().prometheusUrl}/api/v1/targets`)).data.activeTargets.filter((t) => t.health === "up").length, {
        timeout: 30_000,
        interval: 1_000,
      })
      .toBe(apps.length * 2 + 3);
    const { data } = await json<{ data: { result: { metric: { app_id: string } }[] } }>(
      `${cluster().prometheusUrl}/api/v1/query?query=${encodeURIComponent("count by (app_id) (dapr_resiliency_loaded)")}`,
    );
    expect(new Set(data.result.map((r) => r.metric.app_id))).toEqual(new Set(apps));
    // Each app's own /metrics, labelled with its service.
    const own = await json<{ data: { result: { metric: { service: string } }[] } }>(
      `${cluster().prometheusUrl}/api/v1/query?query=${encodeURIComponent("count by (service) (process_resident_memory_bytes{job=\"apps\"})")}`,
    );
    expect(new Set(own.data.result.map((r) => r.metric.service))).toEqual(new Set(apps));
  });

  it("one checkout is one trace, from the gateway through the saga and its events to shipping and notifications", async () => {
    const { items } = await json<{ items: { isbn: string }[] }>(`${cluster().gatewayUrl}/api/books?page=8&pageSize=5`);
    await setStock(items[0]!.isbn, 5);
    const shopper = await newShopper();
    expect((await api(`/api/cart/items/${items[0]!.isbn}`, { method: "PUT", shopper, json: { quantity: 1 } })).status).toBe(200);
    const res = await checkout(shopper);
    expect(res.status).toBe(202);
    // The gateway answers with the trace it began for this request.
    const traceId = parseTraceparent(res.headers.get("traceparent") ?? undefined)?.traceId;
    expect(traceId).toBeDefined();
    const { orderId } = (await res.json()) as { orderId: string };
    await waitForOrder(shopper, orderId, ["shipped"]);

    const journey = ["gateway", "orders", "inventory", "payments", "shipping", "notifications", "cart"];
    const servicesIn = async () => {
      const res = await fetch(`${cluster().jaegerUrl}/api/traces/${traceId}`);
      if (!res.ok) return [];
      const [trace] = ((await res.json()) as { data: Trace[] }).data;
      return [...new Set(trace!.spans.map((s) => trace!.processes[s.processID]!.serviceName))].sort();
    };
    await expect.poll(servicesIn, { timeout: 30_000, interval: 1_000 }).toEqual(expect.arrayContaining(journey));
    const { data } = await json<{ data: Trace[] }>(`${cluster().jaegerUrl}/api/traces/${traceId}`);
    const operations = data[0]!.spans.map((s) => s.operationName);
    console.log(`[figures] one checkout's trace: ${operations.length} spans over ${(await servicesIn()).join(", ")}`);
    // The apps' own metrics saw it: the checkout ended paid, shipping took order.paid.
    const value = async (promql: string) => {
      const { data } = await json<{ data: { result: { value: [number, string] }[] } }>(`${cluster().prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
      return Number(data.result[0]?.value[1] ?? 0);
    };
    await expect.poll(() => value('sum(quire_checkouts_total{end="paid"})'), { timeout: 20_000, interval: 1_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => value('sum(quire_events_handled_total{service="shipping", type="order.paid", outcome="success"})'), { timeout: 20_000, interval: 1_000 }).toBeGreaterThanOrEqual(1);
    // The events' hops are in it: order.paid delivered to shipping, order.shipped to orders.
    expect(operations).toEqual(expect.arrayContaining([expect.stringMatching(/orders/), expect.stringMatching(/shipments/)]));
  }, 120_000);
});
