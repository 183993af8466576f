import { parseEnv, serviceEnvSchema } from "@quire/kit";
import { z } from "zod";

export const env = parseEnv(
  serviceEnvSchema.extend({
    PORT: z.coerce.number().int().min(1).max(65535).default(3003),
    STATE_STORE: z.string().min(1).default("inventorystore"),
    CATALOG_APP_ID: z.string().min(1).default("catalog"),
    // Copies each catalog book gets on the very first start; later starts keep the stock there is.
    INITIAL_STOCK: z.coerce.number().int().min(0).default(25),
    // A reservation its checkout neither committed nor released within this time is released.
    RESERVATION_TTL_SECONDS: z.coerce.number().int().min(1).default(900),
    // The cron input binding's component name, which is also the route daprd calls.
    SWEEP_BINDING: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, "must be a Dapr component name: lowercase letters, digits and '-'")
      .default("reservation-sweeper"),
  }),
  process.env,
);
