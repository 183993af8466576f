import { createServiceApp, type Logger } from "@quire/kit";
import { eventsRoutes } from "./routes/events.routes.ts";
import { ordersRoutes, type OrdersDeps } from "./routes/orders.routes.ts";

export type AppDeps = OrdersDeps & { logger: Logger; appToken?: string };

export function createApp({ logger, appToken, ...deps }: AppDeps) {
  const app = createServiceApp({ service: "orders", logger, ...(appToken ? { appToken } : {}) });
  return app.route("/", ordersRoutes(deps)).route("/", eventsRoutes(deps.orders, logger, deps.now));
}
