import { parseEnv, serviceEnvSchema } from "@quire/kit";
import { z } from "zod";

export const env = parseEnv(
  serviceEnvSchema.extend({
    PORT: z.coerce.number().int().min(1).max(65535).default(3009),
    USERS_APP_ID: z.string().min(1).default("users"),
    // The users service's tokens: the session cookie carries one, checked like the gateway does.
    JWT_ISSUER: z.string().min(1).default("quire-users"),
    JWT_AUDIENCE: z.string().min(1).default("quire"),
    // Behind TLS, cookies must be Secure; plain http on 127.0.0.1 (make run) cannot use that.
    COOKIE_SECURE: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  }),
  process.env,
);
