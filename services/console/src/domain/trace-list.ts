import type { Span, Trace, Traces } from "../adapters/jaeger.ts";

export type TraceSummary = {
  traceId: string;
  rootOperation: string;
  rootService: string;
  startUs: number;
  durationUs: number;
  services: string[];
  spanCount: number;
  error: boolean;
};

// Trace ids as Jaeger prints them: 16 or 32 hex digits (it drops leading zeros, hence the range).
export const TRACE_ID = /^[0-9a-f]{16,32}$/i;

export const serviceOf = (trace: Trace, span: Span) => trace.processes[span.processID]?.serviceName ?? span.processID;

// The OTLP→Jaeger translation tags a span whose status is ERROR with error=true (a bool, or the
// string "true" from older clients).
export const isError = (span: Span) => span.tags.some((t) => t.key === "error" && (t.value === true || t.value === "true"));

// The root is the earliest span whose parent is not in the trace (a trace can arrive partly).
export function summarize(trace: Trace): TraceSummary {
  const ids = new Set(trace.spans.map((s) => s.spanID));
  const byStart = [...trace.spans].sort((a, b) => a.startTime - b.startTime);
  const root = byStart.find((s) => !s.references.some((r) => r.refType === "CHILD_OF" && ids.has(r.spanID))) ?? byStart[0];
  const startUs = byStart[0]?.startTime ?? 0;
  const endUs = Math.max(startUs, ...trace.spans.map((s) => s.startTime + s.duration));
  return {
    traceId: trace.traceID,
    rootOperation: root?.operationName ?? "(no spans)",
    rootService: root ? serviceOf(trace, root) : "",
    startUs,
    durationUs: endUs - startUs,
    services: [...new Set(trace.spans.map((s) => serviceOf(trace, s)))].sort(),
    spanCount: trace.spans.length,
    error: trace.spans.some(isError),
  };
}

// Jaeger searches one service at a time, so a trace through five apps comes back five times.
export function newestFirst(traces: Trace[], max = Infinity): TraceSummary[] {
  const seen = new Map<string, TraceSummary>();
  for (const t of traces) if (!seen.has(t.traceID)) seen.set(t.traceID, summarize(t));
  return [...seen.values()].sort((a, b) => b.startUs - a.startUs).slice(0, max);
}

// The latest few traces of every app, merged.
export async function recentTraces(traces: Traces, { perService = 5, max = 50 } = {}): Promise<TraceSummary[]> {
  const services = await traces.services();
  const found = await Promise.all(services.map((service) => traces.search({ service, limit: perService })));
  return newestFirst(found.flat(), max);
}

// The recent traces in which a span names the order: the sidecars' spans carry the calls' paths
// (operation name, dapr.api), and the saga's calls name their order (a reservation's commit, a
// charge). Jaeger's tag search matches whole values only, so the match is made here.
export async function tracesOfOrder(traces: Traces, orderId: string, { perService = 200 } = {}): Promise<TraceSummary[]> {
  const services = await traces.services();
  const found = await Promise.all(services.map((service) => traces.search({ service, limit: perService })));
  const names = (span: Span) => span.operationName.includes(orderId) || span.tags.some((t) => typeof t.value === "string" && t.value.includes(orderId));
  return newestFirst(found.flat().filter((trace) => trace.spans.some(names)));
}
