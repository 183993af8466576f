import { z } from "zod";
import { fieldErrors } from "./validate.ts";

// Parses the environment once, at start. A wrong value stops the process with one line per
// field, because a service that starts half-configured fails later and less clearly.
export function parseEnv<T extends z.ZodType>(schema: T, source: Record<string, string | undefined>): z.infer<T> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = Object.entries(fieldErrors(result.error.issues)).map(([field, msgs]) => `  ${field}: ${msgs.join("; ")}`);
  console.error(`Invalid environment:\n${lines.join("\n")}`);
  process.exit(1);
}

// Fields every service shares; each service extends this with its own.
export const baseEnvSchema = z.object({
  HOST: z.string().default("127.0.0.1"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DAPR_HOST: z.string().default("127.0.0.1"),
  DAPR_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3500),
  DAPR_API_TOKEN: z.string().min(1).optional(),
});

// A service its sidecar calls: it must know the token that sidecar presents.
export const serviceEnvSchema = baseEnvSchema.extend({
  APP_API_TOKEN: z.string().min(1, "set APP_API_TOKEN: the sidecar sends it to the app on every call"),
});
