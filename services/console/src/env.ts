import { parseEnv, serviceEnvSchema } from "@quire/kit";
import { z } from "zod";

// The console's own sidecar brings it the dead letters and keeps them in its state store; the
// pages read Jaeger and Prometheus directly.
export const env = parseEnv(
  serviceEnvSchema.extend({
    PORT: z.coerce.number().int().min(1).max(65535).default(8081),
    JAEGER_URL: z.url().default("http://127.0.0.1:16686"),
    PROMETHEUS_URL: z.url().default("http://127.0.0.1:9290"),
    STATE_STORE: z.string().min(1).default("deadletterstore"),
  }),
  process.env,
);
