import { parseEnv, serviceEnvSchema } from "@quire/kit";
import { z } from "zod";

export const env = parseEnv(
  serviceEnvSchema.extend({
    PORT: z.coerce.number().int().min(1).max(65535).default(3002),
    STATE_STORE: z.string().min(1).default("cartstore"),
    CATALOG_APP_ID: z.string().min(1).default("catalog"),
    // An abandoned cart disappears this long after its last change (a state TTL).
    CART_TTL_SECONDS: z.coerce.number().int().min(60).default(7 * 24 * 3600),
  }),
  process.env,
);
