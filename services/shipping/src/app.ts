import { createServiceApp, type Logger } from "@quire/kit";
import type { ShippingService } from "./domain/shipping-service.ts";
import { eventsRoutes } from "./routes/events.routes.ts";
import { shipmentsRoutes } from "./routes/shipments.routes.ts";

export type ShippingDeps = { shipping: ShippingService; logger: Logger; appToken?: string };

export function createApp({ shipping, logger, appToken }: ShippingDeps) {
  const app = createServiceApp({ service: "shipping", logger, ...(appToken ? { appToken } : {}) });
  return app.route("/", shipmentsRoutes(shipping)).route("/", eventsRoutes(shipping, logger));
}
