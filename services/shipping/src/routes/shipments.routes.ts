import { AppError, validate, type AppEnv } from "@quire/kit";
import { Hono } from "hono";
import { z } from "zod";
import type { ShippingService } from "../domain/shipping-service.ts";

const orderParamSchema = z.object({ orderId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "must be 1-100 letters, digits, '-' or '_'") });

export function shipmentsRoutes(shipping: ShippingService) {
  return new Hono<AppEnv>().get("/shipments/:orderId", validate("param", orderParamSchema), async (c) => {
    const { orderId } = c.req.valid("param");
    const shipment = await shipping.get(orderId);
    if (!shipment) throw new AppError("NOT_FOUND", `No shipment for order ${orderId}`);
    return c.json(shipment);
  });
}
