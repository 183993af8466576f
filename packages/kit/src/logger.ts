import { pino, type DestinationStream, type Logger, type LevelWithSilent } from "pino";
import { currentTrace } from "./trace.ts";

export type { Logger };

// JSON lines on stdout, one logger per service, named so the merged logs of `make run` read well.
// Every line written while handling a request carries its trace (trace_id, span_id), so a log
// line leads to the trace in Jaeger and back.
export function createLogger(service: string, level: LevelWithSilent = "info", destination?: DestinationStream): Logger {
  const options = {
    name: service,
    level,
    base: { service },
    mixin: () => {
      const trace = currentTrace();
      return trace ? { trace_id: trace.traceId, span_id: trace.spanId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
