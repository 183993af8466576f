import { createServiceApp, type Logger } from "@quire/kit";
import type { CartService } from "./domain/cart-service.ts";
import { cartRoutes } from "./routes/cart.routes.ts";
import { eventsRoutes } from "./routes/events.routes.ts";

export type CartDeps = { carts: CartService; logger: Logger; appToken?: string };

export function createApp({ carts, logger, appToken }: CartDeps) {
  const app = createServiceApp({ service: "cart", logger, ...(appToken ? { appToken } : {}) });
  return app.route("/", cartRoutes(carts)).route("/", eventsRoutes(carts, logger));
}
