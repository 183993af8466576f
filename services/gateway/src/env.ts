import { baseEnvSchema, parseEnv } from "@quire/kit";
import { z } from "zod";

export const env = parseEnv(
  baseEnvSchema.extend({
    PORT: z.coerce.number().int().min(1).max(65535).default(8080),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(64 * 1024),
    HEALTH_TIMEOUT_MS: z.coerce.number().int().min(100).default(2000),
    USERS_APP_ID: z.string().min(1).default("users"),
    // Tokens are the users service's: the same issuer and audience it signs with.
    JWT_ISSUER: z.string().min(1).default("quire-users"),
    JWT_AUDIENCE: z.string().min(1).default("quire"),
    RATE_LIMIT: z.coerce.number().int().min(1).default(300),
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
    // Where the counts live, shared by every gateway instance (components/stores.yaml).
    RATE_LIMIT_STORE: z.string().min(1).default("ratelimitstore"),
    CORS_ORIGINS: z
      .string()
      .default("http://127.0.0.1:8080,http://localhost:8080")
      .transform((s) => s.split(",").map((o) => o.trim()).filter(Boolean)),
  }),
  process.env,
);
