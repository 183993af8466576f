import { baseEnvSchema, parseEnv } from "@quire/kit";
import { z } from "zod";

// No APP_API_TOKEN: the console has no sidecar and nobody calls it through one. The DAPR_* fields
// of the base schema go unused.
export const env = parseEnv(
  baseEnvSchema.extend({
    PORT: z.coerce.number().int().min(1).max(65535).default(8081),
    JAEGER_URL: z.url().default("http://127.0.0.1:16686"),
    PROMETHEUS_URL: z.url().default("http://127.0.0.1:9290"),
  }),
  process.env,
);
