import { createServiceApp, type Logger } from "@quire/kit";
import type { Announcements } from "./domain/announcements.ts";
import { eventsRoutes } from "./routes/events.routes.ts";
import { ordersRoutes, type OrdersDeps } from "./routes/orders.routes.ts";

export type AppDeps = OrdersDeps & { announcements: Announcements; logger: Logger; appToken?: string };

export function createApp({ logger, appToken, announcements, ...deps }: AppDeps) {
  const app = createServiceApp({ service: "orders", logger, ...(appToken ? { appToken } : {}) });
  return app.route("/", ordersRoutes(deps)).route("/", eventsRoutes({ orders: deps.orders, announcements, now: deps.now }, logger));
}
