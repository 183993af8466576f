import { readFileSync } from "node:fs";
import { join } from "node:path";
import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from "prom-client";

// What the apps themselves report at GET /metrics, beside what their sidecars report: Prometheus
// scrapes both. One service per process, so the registry is prom-client's own, labelled with the
// service once. Labels stay bounded: routes as their patterns (/api/books/:isbn), never raw paths.
collectDefaultMetrics();

export const httpRequestDuration = new Histogram({
  name: "quire_http_request_duration_seconds",
  help: "Requests an app answered, by route pattern, method and status",
  labelNames: ["route", "method", "status"] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

export const eventsHandled = new Counter({
  name: "quire_events_handled_total",
  help: "Events an app was delivered, by CloudEvent type and what it answered (success, retry, drop)",
  labelNames: ["type", "outcome"] as const,
});

// Which build answers on this port, for the ops console's health page: always 1, the facts are labels.
const buildInfo = new Gauge({ name: "quire_build_info", help: "The app's version and the runtime it runs on", labelNames: ["version", "runtime"] as const });

export function labelService(service: string): void {
  register.setDefaultLabels({ service });
  buildInfo.set({ version: ownVersion(), runtime: `node ${process.version}` }, 1);
}

// An app runs in its own folder (the run file's appDirPath), beside its package.json.
function ownVersion(): string {
  try {
    const { version } = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")) as { version?: unknown };
    return typeof version === "string" ? version : "unknown";
  } catch {
    return "unknown";
  }
}

export async function metricsText(): Promise<{ body: string; contentType: string }> {
  return { body: await register.metrics(), contentType: register.contentType };
}

export { Counter };
