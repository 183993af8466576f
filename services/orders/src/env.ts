import { parseEnv, serviceEnvSchema } from "@quire/kit";
import { z } from "zod";

export const env = parseEnv(
  serviceEnvSchema.extend({
    PORT: z.coerce.number().int().min(1).max(65535).default(3007),
    // The workflow engine speaks gRPC to the sidecar.
    DAPR_GRPC_PORT: z.coerce.number().int().min(1).max(65535).default(19107),
    STATE_STORE: z.string().min(1).default("orderstore"),
    // The broker its events go out on (topic "orders").
    PUBSUB_COMPONENT: z.string().min(1).default("pubsub"),
    CART_APP_ID: z.string().min(1).default("cart"),
    CATALOG_APP_ID: z.string().min(1).default("catalog"),
    INVENTORY_APP_ID: z.string().min(1).default("inventory"),
    PAYMENTS_APP_ID: z.string().min(1).default("payments"),
    SHIPPING_APP_ID: z.string().min(1).default("shipping"),
    // The cron input binding that retries what is left to undo of orders needing attention and
    // sets stalled orders going again; its component name is also the route daprd calls.
    ATTENTION_SWEEP_BINDING: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, "must be a Dapr component name: lowercase letters, digits and '-'")
      .default("attention-sweeper"),
  }),
  process.env,
);
