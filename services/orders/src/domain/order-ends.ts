import type { CancellationReason } from "@quire/contracts";
import type { Publisher } from "@quire/kit";
import { orderEvent } from "./order-events.ts";
import type { OrderRepository } from "./order-repository.ts";

// Cancels an order with its reason, then announces it (again, if an earlier call was cut off
// before the broker had it: consumers dedupe by the event's key). Returns whether this call moved it.
export async function cancelOrder(orders: OrderRepository, events: Publisher, id: string, reason: CancellationReason, at: string): Promise<boolean> {
  const { order, moved } = await orders.move(id, "cancelled", at, { reason, pending: undefined });
  if (order.status === "cancelled") await events.publish(orderEvent(order, "order.cancelled"));
  return moved;
}
