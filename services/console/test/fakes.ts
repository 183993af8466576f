import { Unreachable } from "../src/adapters/backend.ts";
import type { Trace, Traces, TraceSearch } from "../src/adapters/jaeger.ts";
import type { Metrics, Sample, Target } from "../src/adapters/prometheus.ts";

// Prometheus in memory: answers each PromQL string from a table; anything else is an empty vector.
export class FakeMetrics implements Metrics {
  readonly asked: string[] = [];

  constructor(
    private readonly answers: Record<string, Sample[]> = {},
    private readonly scrapeTargets: Target[] = [],
  ) {}

  async query(promql: string): Promise<Sample[]> {
    this.asked.push(promql);
    return this.answers[promql] ?? [];
  }

  async targets(): Promise<Target[]> {
    return this.scrapeTargets;
  }
}

// Jaeger in memory, searching the way its memory store does: a trace matches a service if one of
// its spans is that service's, and matches tags if one span carries them all.
export class FakeTraces implements Traces {
  constructor(private readonly stored: Trace[] = []) {}

  async services(): Promise<string[]> {
    return [...new Set(this.stored.flatMap((t) => Object.values(t.processes).map((p) => p.serviceName)))];
  }

  async search({ service, limit, tags = {} }: TraceSearch): Promise<Trace[]> {
    return this.stored
      .filter((t) =>
        t.spans.some(
          (s) => t.processes[s.processID]?.serviceName === service && Object.entries(tags).every(([k, v]) => s.tags.some((tag) => tag.key === k && String(tag.value) === v)),
        ),
      )
      .sort((a, b) => Math.max(...b.spans.map((s) => s.startTime)) - Math.max(...a.spans.map((s) => s.startTime)))
      .slice(0, limit);
  }

  async get(traceId: string): Promise<Trace | undefined> {
    return this.stored.find((t) => t.traceID === traceId);
  }
}

export const JAEGER_DOWN = new Unreachable("Jaeger", "http://127.0.0.1:16686/api/services", "connection refused (ECONNREFUSED)");
export const PROMETHEUS_DOWN = new Unreachable("Prometheus", "http://127.0.0.1:9290/api/v1/query", "no answer within 2 s");

// A backend that does not answer: every call fails the way the real adapters fail.
export const downMetrics: Metrics = { query: () => Promise.reject(PROMETHEUS_DOWN), targets: () => Promise.reject(PROMETHEUS_DOWN) };
export const downTraces: Traces = { services: () => Promise.reject(JAEGER_DOWN), search: () => Promise.reject(JAEGER_DOWN), get: () => Promise.reject(JAEGER_DOWN) };

type SpanSpec = { id: string; parent?: string; service: string; op: string; at: number; took: number; error?: boolean; tags?: Record<string, string> };

// A trace in Jaeger's JSON shape; `at` and `took` are µs from `startUs`.
export function trace(traceId: string, startUs: number, spans: SpanSpec[]): Trace {
  const services = [...new Set(spans.map((s) => s.service))];
  return {
    traceID: traceId,
    processes: Object.fromEntries(services.map((name, i) => [`p${i + 1}`, { serviceName: name }])),
    spans: spans.map((s) => ({
      traceID: traceId,
      spanID: s.id,
      operationName: s.op,
      references: s.parent ? [{ refType: "CHILD_OF", spanID: s.parent }] : [],
      startTime: startUs + s.at,
      duration: s.took,
      processID: `p${services.indexOf(s.service) + 1}`,
      tags: [
        { key: "span.kind", type: "string", value: "server" },
        ...(s.error ? [{ key: "error", type: "bool", value: true }] : []),
        ...Object.entries(s.tags ?? {}).map(([key, value]) => ({ key, type: "string", value })),
      ],
    })),
  };
}

export const sample = (value: number, metric: Record<string, string>): Sample => ({ metric, value });
