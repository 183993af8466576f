import { orderStatusSchema } from "@quire/contracts";
import { adminOnly, AppError, caller, validate, type CallerEnv } from "@quire/kit";
import { Hono } from "hono";
import { z } from "zod";
import type { OrderRecords } from "../domain/order-records.ts";
import type { OrderRepository } from "../domain/order-repository.ts";
import { idParam } from "./orders.routes.ts";

// Only the orders that need attention are kept listed (see OrderRepository.needAttention).
const listQuery = z.object({ status: orderStatusSchema.extract(["needs-attention"], { error: "only needs-attention orders can be listed" }) });

// Shop staff: any shopper's order, with what inventory, payments and shipping hold about it, in
// one answer; and the orders that need attention, with what remains to undo of each. Who may
// ask is checked before what they ask.
export function adminRoutes(orders: OrderRepository, records: OrderRecords) {
  return new Hono<CallerEnv>()
    .get("/api/admin/orders", caller, adminOnly, validate("query", listQuery), async (c) => c.json({ items: await orders.needingAttention() }))
    .get("/api/admin/orders/:id", caller, adminOnly, validate("param", idParam), async (c) => {
      const { id } = c.req.valid("param");
      const order = await orders.get(id);
      if (!order) throw new AppError("NOT_FOUND", "No such order.");
      const [reservation, charge, shipment] = await Promise.all([records.reservation(id), records.charge(id), records.shipment(id)]);
      return c.json({ order, reservation, charge, shipment });
    });
}
