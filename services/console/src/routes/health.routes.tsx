import type { AppEnv } from "@quire/kit";
import { Hono } from "hono";
import type { Traces } from "../adapters/jaeger.ts";
import type { Metrics } from "../adapters/prometheus.ts";
import { versionsByInstance } from "../domain/versions.ts";
import { HealthPage } from "../pages/health.tsx";
import { reach } from "./reach.ts";

// Is everything being watched, and what runs? Prometheus's scrape targets with each one's version,
// and whether the console's backends (Prometheus, Jaeger, its own sidecar) answer.
export function healthRoutes(metrics: Metrics, traces: Traces, runtimeVersion: () => Promise<string>) {
  return new Hono<AppEnv>().get("/health", async (c) => {
    const [targets, services, dapr] = await Promise.all([reach(metrics.targets()), reach(traces.services()), reach(runtimeVersion())]);
    const versions = targets.ok ? await reach(versionsByInstance(metrics, dapr.ok ? dapr.value : undefined)) : undefined;
    const backends = [
      targets.ok ? { name: "Prometheus", detail: `${targets.value.length} scrape targets` } : { name: "Prometheus", problem: targets.problem },
      services.ok ? { name: "Jaeger", detail: `${services.value.length} services have sent traces` } : { name: "Jaeger", problem: services.problem },
      dapr.ok ? { name: "The console's sidecar", detail: `Dapr ${dapr.value}` } : { name: "The console's sidecar", problem: dapr.problem },
    ];
    return c.html(<HealthPage backends={backends} targets={targets.ok ? targets.value : undefined} versions={versions?.ok ? versions.value : new Map()} />);
  });
}
