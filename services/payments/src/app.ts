import { createServiceApp, type Logger } from "@quire/kit";
import type { PaymentService } from "./domain/payment-service.ts";
import { chargesRoutes } from "./routes/charges.routes.ts";

export type PaymentsDeps = { payments: PaymentService; logger: Logger; appToken?: string };

export function createApp({ payments, logger, appToken }: PaymentsDeps) {
  const app = createServiceApp({ service: "payments", logger, ...(appToken ? { appToken } : {}) });
  return app.route("/", chargesRoutes(payments));
}
