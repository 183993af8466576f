import { api } from "@quire/contracts";
import { adminOnly, AppError, caller, openApiRoutes, type CallerEnv } from "@quire/kit";
import type { OrderRecords } from "../domain/order-records.ts";
import type { OrderRepository } from "../domain/order-repository.ts";

// The routes' middleware runs before their validators: who may ask is checked before what they ask.
const staff = [caller, adminOnly];

// Shop staff: any shopper's order, with what inventory, payments and shipping hold about it, in
// one answer; and the orders that need attention (the only ones kept listed, see
// OrderRepository.needAttention), with what remains to undo of each.
export function adminRoutes(orders: OrderRepository, records: OrderRecords) {
  return openApiRoutes<CallerEnv>()
    .openapi({ ...api.listAttentionOrders, middleware: staff }, async (c) => c.json({ items: await orders.needingAttention() }, 200))
    .openapi({ ...api.getStaffOrder, middleware: staff }, async (c) => {
      const { id } = c.req.valid("param");
      const order = await orders.get(id);
      if (!order) throw new AppError("NOT_FOUND", "No such order.");
      const [reservation, charge, shipment] = await Promise.all([records.reservation(id), records.charge(id), records.shipment(id)]);
      return c.json({ order, reservation, charge, shipment }, 200);
    });
}
