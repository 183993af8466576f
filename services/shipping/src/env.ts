import { parseEnv, serviceEnvSchema } from "@quire/kit";
import { z } from "zod";

export const env = parseEnv(
  serviceEnvSchema.extend({
    PORT: z.coerce.number().int().min(1).max(65535).default(3005),
    STATE_STORE: z.string().min(1).default("shipmentstore"),
    // The broker order.shipped goes out on (topic "shipments").
    PUBSUB_COMPONENT: z.string().min(1).default("pubsub"),
  }),
  process.env,
);
