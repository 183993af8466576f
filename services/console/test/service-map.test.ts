import { describe, expect, it } from "vitest";
import { GraphvizRenderer } from "../src/adapters/graphviz.ts";
import { toDot, WARNING_COLOUR } from "../src/domain/dot.ts";
import { assembleServiceMap, buildServiceMap, mapQueries } from "../src/domain/service-map.ts";
import { FakeMetrics } from "./fakes.ts";
import { shopAnswers, shopSamples } from "./scenario.ts";

const map = assembleServiceMap(shopSamples);
const edge = (from: string, to: string) => map.edges.find((e) => e.from === from && e.to === to);

describe("the service map", () => {
  it("draws an invocation edge per caller and callee, with its rate, share of non-2xx answers and p99", () => {
    expect(edge("orders", "payments")).toEqual({ from: "orders", to: "payments", kind: "invoke", rps: 1.2, errorRate: expect.closeTo(0.05, 6), p99Ms: 130 });
    expect(edge("gateway", "catalog")).toMatchObject({ kind: "invoke", rps: 10, errorRate: expect.closeTo(0.005, 6), p99Ms: 12 });
    expect(edge("gateway", "orders")).toMatchObject({ rps: 2.5, errorRate: 0, p99Ms: 40 });
    // No answers in the window: no latency rather than NaN.
    expect(edge("orders", "inventory")).not.toHaveProperty("p99Ms");
  });

  it("counts a call the callee's access list refused (sent, never answered) as failed", () => {
    const refused = assembleServiceMap({
      ...shopSamples,
      invokes: [{ metric: { app_id: "cart", dst_app_id: "payments" }, value: 0.2 }],
      responses: [],
      p99: [],
    });
    expect(refused.edges.find((e) => e.kind === "invoke")).toMatchObject({ from: "cart", to: "payments", rps: 0.2, errorRate: 1 });
  });

  it("routes messages through their topics and counts retried deliveries as failures", () => {
    expect(edge("orders", "topic:orders")).toMatchObject({ kind: "publish", rps: 1, errorRate: 0 });
    expect(edge("topic:orders", "shipping")).toMatchObject({ kind: "deliver", rps: 1, errorRate: expect.closeTo(0.1, 6) });
    expect(edge("topic:orders", "notifications")).toMatchObject({ kind: "deliver", rps: 1, errorRate: 0 });
    expect(edge("shipping", "topic:shipments")).toMatchObject({ kind: "publish", rps: 0.5 });
    expect(edge("topic:shipments", "orders")).toMatchObject({ kind: "deliver", rps: 0.5 });
  });

  it("draws state traffic to its store, with the share of failed operations", () => {
    expect(edge("orders", "store:orderstore")).toMatchObject({ kind: "state", rps: 3, errorRate: 0 });
    expect(edge("inventory", "store:inventorystore")).toMatchObject({ kind: "state", rps: 2, errorRate: expect.closeTo(0.025, 6) });
  });

  it("leaves out edges with no traffic in the window but keeps every running app, with its instance count", () => {
    expect(edge("gateway", "users")).toBeUndefined();
    expect(map.nodes.find((n) => n.id === "users")).toEqual({ id: "users", kind: "app", label: "users", instances: 1 });
    expect(map.nodes.find((n) => n.id === "orders")).toMatchObject({ instances: 2 });
    expect(map.nodes.filter((n) => n.kind === "topic").map((n) => n.label)).toEqual(["orders", "shipments"]);
    expect(map.nodes.filter((n) => n.kind === "store").map((n) => n.id)).toEqual(["store:inventorystore", "store:orderstore"]);
    expect(map.edges).toHaveLength(13);
  });

  it("draws the secret store, with the reads each app made since its sidecar started", () => {
    expect(map.nodes.find((n) => n.id === "secrets:secretstore")).toEqual({ id: "secrets:secretstore", kind: "secrets", label: "secretstore" });
    expect(edge("payments", "secrets:secretstore")).toMatchObject({ kind: "secret", rps: 0, reads: 2, errorRate: 0 });
    const failed = assembleServiceMap({ ...shopSamples, secretReads: [{ metric: { app_id: "cart", component: "secretstore", success: "false" }, value: 1 }] });
    expect(failed.edges.find((e) => e.kind === "secret")).toMatchObject({ from: "cart", reads: 1, errorRate: 1 });
  });

  it("asks Prometheus for rates over the last five minutes and instance counts per app", async () => {
    const metrics = new FakeMetrics(shopAnswers);
    expect(await buildServiceMap(metrics)).toEqual(map);
    expect(metrics.asked).toEqual(Object.values(mapQueries));
    // Growth within five minutes, counting series born within them whole.
    expect(metrics.asked.filter((q) => q.includes("increase(")).every((q) => q.includes("[5m]") && q.includes("unless"))).toBe(true);
  });
});

describe("the map as a picture", () => {
  const dot = toDot(map);
  const line = (from: string, to: string) => dot.split("\n").find((l) => l.includes(`"${from}" -> "${to}"`)) ?? "";

  it("shapes apps, topics and stores apart and shows instance counts above one", () => {
    expect(dot).toContain('"orders" [label="orders ×2", shape=box');
    expect(dot).toContain('"payments" [label="payments", shape=box');
    expect(dot).toContain('"topic:orders" [label="orders", shape=ellipse');
    expect(dot).toContain('"store:orderstore" [label="orderstore", shape=cylinder');
  });

  it("labels edges with rate, errors and p99, and colours the failing ones", () => {
    expect(line("gateway", "catalog")).toContain('label="10.0/s · 0.5% err · p99 12 ms"');
    expect(line("gateway", "catalog")).not.toContain(WARNING_COLOUR);
    expect(line("orders", "payments")).toContain('label="1.2/s · 5.0% err · p99 130 ms"');
    for (const [from, to] of [["orders", "payments"], ["topic:orders", "shipping"], ["inventory", "store:inventorystore"]] as const) {
      expect(line(from, to)).toContain(`color="${WARNING_COLOUR}"`);
    }
    expect(line("orders", "store:orderstore")).toContain('label="3.0/s · 0% err", style=dotted');
    expect(line("users", "secrets:secretstore")).toContain('label="1 read · 0% err", style=dotted');
    expect(dot).toContain('"secrets:secretstore" [label="secretstore", shape=octagon');
  });

  it("escapes names so a strange label cannot break the graph", () => {
    const odd = toDot({ nodes: [{ id: 'a"b\\c', kind: "app", label: 'a"b\\c' }], edges: [] });
    expect(odd).toContain('"a\\"b\\\\c" [label="a\\"b\\\\c"');
  });

  it("renders to an SVG that names every app", async () => {
    const svg = await new GraphvizRenderer().svg(toDot(map));
    expect(svg.startsWith("<svg")).toBe(true);
    for (const app of ["gateway", "orders ×2", "payments", "inventory", "shipping", "notifications", "users", "orderstore"]) expect(svg).toContain(`>${app}</text>`);
    expect(svg).toContain(`stroke="${WARNING_COLOUR}"`);
  });
});
