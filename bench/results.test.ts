import { describe, expect, it } from "vitest";
import { hopCosts, ratios, renderMarkdown, type Layer, type ReadResult, type Report } from "./results.ts";

const row = (layer: Layer, mode: ReadResult["mode"], throughput: number, p50: number): ReadResult => ({ layer, mode, connections: mode === "full speed" ? 32 : 0, seconds: 10, throughput, p50, p99: p50 * 3, failed: 0, cpu: { gateway: 0.5, "daprd gateway": 1, "run-apps.ts": 0.5, jaeger: 0.1 } });
const read: ReadResult[] = [
  row("app direct", "100/s", 100, 0.5),
  row("app direct", "full speed", 4000, 8),
  row("own sidecar", "100/s", 100, 1.5),
  row("own sidecar", "full speed", 2000, 16),
  row("two sidecars", "100/s", 100, 2.5),
  row("two sidecars", "full speed", 1000, 32),
  row("public gateway", "100/s", 100, 12.5),
  row("public gateway", "full speed", 400, 80),
];

describe("ratios against the app alone", () => {
  it("divides each layer's full-speed throughput by the app's, and its p50 by the app's at the same load", () => {
    const byLayer = Object.fromEntries(ratios(read).map((r) => [r.layer, r]));
    expect(byLayer["app direct"]!.throughputVsDirect).toBe(1);
    expect(byLayer["public gateway"]!.throughputVsDirect).toBe(0.1);
    expect(byLayer["two sidecars"]!.p50Multiple["100/s"]).toBe(5);
    expect(byLayer["public gateway"]!.p50Multiple["full speed"]).toBe(10);
  });

  it("leaves a ratio it cannot compute empty rather than inventing one", () => {
    expect(ratios(read)[0]!.p50Multiple["500/s"]).toBeNaN();
  });

  it("charges each hop the p50 it adds; the gateway app is public minus two sidecars", () => {
    expect(hopCosts(read).map((h) => h.p50Added["100/s"])).toEqual([1, 1, 10]);
  });
});

describe("the results page", () => {
  const report: Report = {
    date: "2026-01-01T00:00:00Z",
    conditions: "a test",
    machine: { cpus: 2, cpuModel: "cpu", memoryGb: 8, loadBefore: "1", loadAfter: "2", node: "24", dapr: "1.18.2", commit: "abc" },
    coldStartSeconds: 42.04,
    read,
    checkout: [{ concurrency: 10, orders: 40, shipped: 39, cancelled: 1, unsettled: 0, seconds: 20, accepted: { count: 40, p50: 80, p99: 300, mean: 90 }, settled: { count: 40, p50: 2100, p99: 5000, mean: 2500 } }],
    memory: [
      { process: "catalog", group: "apps", idleMb: 100, loadedMb: 120, idlePssMb: 60, loadedPssMb: 80, startCpuSeconds: 0.56, cpuSeconds: 12.34 },
      { process: "daprd catalog", group: "sidecars", idleMb: 50, loadedMb: undefined },
    ],
  };
  const page = renderMarkdown(report);

  it("says under which conditions it was measured", () => {
    expect(page).toContain("Conditions: a test");
    expect(page).toContain("Cold start (`make run` until the gateway's /healthz answers 200): 42.0 s");
  });

  it("has a line per measurement, the ratios, and settled orders per second", () => {
    expect(page).toContain("| public gateway | 100/s | open loop | 100 | 12.5 | 37.5 | 0 |");
    expect(page).toContain("| public gateway | 0.10× | 25.00× |");
    expect(page).toContain("| the gateway app (public − two sidecars) | 10.0 |");
    expect(page).toContain("| 10 | 40 | 39 | 1 | 0 | 2.0 | 80.0 | 300.0 | 2100.0 | 5000.0 |");
  });

  it("splits CPU per request into the path's processes, the log relays and the rest", () => {
    expect(page).toContain("| public gateway | 0.50 | 1.00 | 0.00 | 0.00 | 0.50 | 0.10 | 2.10 |");
  });

  it("totals memory (RSS and PSS) and CPU per group and overall", () => {
    expect(page).toContain("| catalog | apps | 100 | 120 | 60 | 80 | 0.6 | 12.3 |");
    expect(page).toContain("| **all apps** (1) | | **100** | **120** | **60** | **80** | **0.6** | **12.3** |");
    expect(page).toContain("| **total** | | **150** | **120** | **60** | **80** | **0.6** | **12.3** |");
  });
});
