import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";

// W3C trace context (https://www.w3.org/TR/trace-context/): the sidecars make the spans and
// export them; the apps only carry the context along, so every call a request causes — to its own
// sidecar (invocation, state, publish), and on through events and workflow activities — lands in
// the request's one trace. It travels as the `traceparent` header: 00-<trace id>-<parent id>-<flags>.
export type TraceContext = { traceparent: string; traceId: string; spanId: string };

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const context = new AsyncLocalStorage<TraceContext>();

// An incoming traceparent, or undefined when there is none or it is malformed (all-zero ids are
// invalid by the spec).
export function parseTraceparent(value: string | undefined): TraceContext | undefined {
  const match = value === undefined ? null : TRACEPARENT.exec(value.trim().toLowerCase());
  if (!match || /^0+$/.test(match[1]!) || /^0+$/.test(match[2]!)) return undefined;
  return { traceparent: match[0], traceId: match[1]!, spanId: match[2]! };
}

// A new trace, sampled: where a request enters Quire without one.
export function newTrace(): TraceContext {
  const traceId = randomBytes(16).toString("hex");
  const spanId = randomBytes(8).toString("hex");
  return { traceparent: `00-${traceId}-${spanId}-01`, traceId, spanId };
}

export function currentTrace(): TraceContext | undefined {
  return context.getStore();
}

// Runs `work` (and everything it awaits) inside the trace.
export function withTrace<T>(trace: TraceContext | undefined, work: () => T): T {
  return trace ? context.run(trace, work) : work();
}

// The header that carries the current trace on an outgoing call, if there is one.
export function traceHeaders(): Record<string, string> {
  const trace = currentTrace();
  return trace ? { traceparent: trace.traceparent } : {};
}
