import { createServiceApp, type Logger } from "@quire/kit";
import type { OrderRecords } from "./domain/order-records.ts";
import { adminRoutes } from "./routes/admin.routes.ts";
import { eventsRoutes } from "./routes/events.routes.ts";
import { ordersRoutes, type OrdersDeps } from "./routes/orders.routes.ts";
import { sweepRoutes } from "./routes/sweep.routes.ts";

export type AppDeps = OrdersDeps & {
  records: OrderRecords;
  logger: Logger;
  appToken?: string;
  // The sweeps (orders needing attention, stalled orders), and the cron input binding's name,
  // which is the route daprd calls.
  sweep: () => Promise<object>;
  sweepBinding: string;
};

export function createApp({ logger, appToken, records, sweep, sweepBinding, ...deps }: AppDeps) {
  const app = createServiceApp({ service: "orders", logger, ...(appToken ? { appToken } : {}) });
  return app
    .route("/", ordersRoutes(deps))
    .route("/", adminRoutes(deps.orders, records))
    .route("/", eventsRoutes(deps.orders, logger, deps.now))
    .route("/", sweepRoutes(sweep, sweepBinding));
}
