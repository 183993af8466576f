import type { AppEnv } from "@quire/kit";
import { Hono } from "hono";
import type { Traces } from "../adapters/jaeger.ts";
import type { Metrics } from "../adapters/prometheus.ts";
import { HealthPage } from "../pages/health.tsx";
import { reach } from "./reach.ts";

// Is everything being watched? Prometheus's scrape targets, and whether the console's two backends answer.
export function healthRoutes(metrics: Metrics, traces: Traces) {
  return new Hono<AppEnv>().get("/health", async (c) => {
    const [targets, services] = await Promise.all([reach(metrics.targets()), reach(traces.services())]);
    const backends = [
      targets.ok ? { name: "Prometheus", detail: `${targets.value.length} scrape targets` } : { name: "Prometheus", problem: targets.problem },
      services.ok ? { name: "Jaeger", detail: `${services.value.length} services have sent traces` } : { name: "Jaeger", problem: services.problem },
    ];
    return c.html(<HealthPage backends={backends} targets={targets.ok ? targets.value : undefined} />);
  });
}
