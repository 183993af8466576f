import { parseEnv, serviceEnvSchema } from "@quire/kit";
import { z } from "zod";

export const env = parseEnv(
  serviceEnvSchema.extend({
    PORT: z.coerce.number().int().min(1).max(65535).default(3004),
    STATE_STORE: z.string().min(1).default("paymentstore"),
    // The card provider's API key lives in the Dapr secret store, never in env or code.
    SECRET_STORE: z.string().min(1).default("secretstore"),
    PROVIDER_KEY_SECRET: z.string().min(1).default("payments-provider-api-key"),
  }),
  process.env,
);
