import { parseEnv, serviceEnvSchema } from "@quire/kit";
import { z } from "zod";

export const env = parseEnv(
  serviceEnvSchema.extend({
    PORT: z.coerce.number().int().min(1).max(65535).default(3008),
    STATE_STORE: z.string().min(1).default("userstore"),
    // The JWT signing key (an Ed25519 PKCS#8 PEM) lives in the Dapr secret store, read at start.
    SECRET_STORE: z.string().min(1).default("secretstore"),
    SIGNING_KEY_SECRET: z.string().min(1).default("users-jwt-signing-key"),
    // The staff account's email and password, made (or mended) at every start.
    ADMIN_EMAIL_SECRET: z.string().min(1).default("users-admin-email"),
    ADMIN_PASSWORD_SECRET: z.string().min(1).default("users-admin-password"),
    JWT_ISSUER: z.string().min(1).default("quire-users"),
    JWT_AUDIENCE: z.string().min(1).default("quire"),
    TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).default(3600),
  }),
  process.env,
);
