import { adminOnly, AppError, caller, validate, type CallerEnv } from "@quire/kit";
import { Hono } from "hono";
import type { OrderRecords } from "../domain/order-records.ts";
import type { OrderRepository } from "../domain/order-repository.ts";
import { idParam } from "./orders.routes.ts";

// Shop staff: any shopper's order, with what inventory, payments and shipping hold about it, in
// one answer. Who may ask is checked before what they ask.
export function adminRoutes(orders: OrderRepository, records: OrderRecords) {
  return new Hono<CallerEnv>().get("/api/admin/orders/:id", caller, adminOnly, validate("param", idParam), async (c) => {
    const { id } = c.req.valid("param");
    const order = await orders.get(id);
    if (!order) throw new AppError("NOT_FOUND", "No such order.");
    const [reservation, charge, shipment] = await Promise.all([records.reservation(id), records.charge(id), records.shipment(id)]);
    return c.json({ order, reservation, charge, shipment });
  });
}
