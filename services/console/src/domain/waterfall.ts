import type { Trace } from "../adapters/jaeger.ts";
import { isError, serviceOf, summarize, type TraceSummary } from "./trace-list.ts";

export type WaterfallRow = {
  spanId: string;
  service: string;
  operation: string;
  depth: number;
  offsetUs: number;
  durationUs: number;
  // Where the bar starts and how wide it is, as percentages of the whole trace.
  leftPct: number;
  widthPct: number;
  error: boolean;
};

export type Waterfall = { summary: TraceSummary; rows: WaterfallRow[] };

// The trace's spans in the order they started, each indented under its parent.
export function waterfall(trace: Trace): Waterfall {
  const summary = summarize(trace);
  const total = Math.max(summary.durationUs, 1);
  const parentOf = new Map(trace.spans.map((s) => [s.spanID, s.references.find((r) => r.refType === "CHILD_OF")?.spanID]));
  const depth = (spanId: string) => {
    // Bounded, in case a broken trace has a reference cycle.
    let d = 0;
    for (let p = parentOf.get(spanId); p && parentOf.has(p) && d < 50; p = parentOf.get(p)) d++;
    return d;
  };
  const rows = trace.spans.map((s) => {
    const offsetUs = s.startTime - summary.startUs;
    return {
      spanId: s.spanID,
      service: serviceOf(trace, s),
      operation: s.operationName,
      depth: depth(s.spanID),
      offsetUs,
      durationUs: s.duration,
      leftPct: round((offsetUs / total) * 100),
      widthPct: round((s.duration / total) * 100),
      error: isError(s),
    };
  });
  // Same start: the parent first, so the tree still reads top-down.
  rows.sort((a, b) => a.offsetUs - b.offsetUs || a.depth - b.depth);
  return { summary, rows };
}

const round = (pct: number) => Math.round(pct * 100) / 100;
