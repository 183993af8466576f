import { parseEvent } from "@quire/contracts";
import { eventRoute, type AppEnv, type Logger } from "@quire/kit";
import { Hono } from "hono";
import type { ShippingService } from "../domain/shipping-service.ts";

// A paid order ships. Other order events on the topic are none of shipping's business.
export function eventsRoutes(shipping: ShippingService, logger: Logger) {
  return new Hono<AppEnv>().post("/events/orders", eventRoute({ "order.paid": async (event) => shipping.ship(parseEvent("order.paid", event.data)) }, logger));
}
