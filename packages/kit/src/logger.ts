import { pino, type Logger, type LevelWithSilent } from "pino";

export type { Logger };

// JSON lines on stdout, one logger per service, named so the merged logs of `make run` read well.
export function createLogger(service: string, level: LevelWithSilent = "info"): Logger {
  return pino({ name: service, level, base: { service } });
}
