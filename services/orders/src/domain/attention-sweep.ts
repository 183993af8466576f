import type { Publisher } from "@quire/kit";
import { cancelOrder } from "./order-ends.ts";
import type { OrderRepository } from "./order-repository.ts";
import type { Undoers } from "./saga-services.ts";

export type SweepResult = { cancelled: number; remaining: number };

// Retries what is left to undo of every order that needs attention (the cron binding calls it),
// records each step as it is done, and cancels an order, with the reason it was to be cancelled
// for, once nothing remains. Every step is idempotent, so two sweeps at once do no harm.
export async function sweepAttention(orders: OrderRepository, events: Publisher, undo: Undoers, now: () => string): Promise<SweepResult> {
  const result: SweepResult = { cancelled: 0, remaining: 0 };
  const failures: unknown[] = [];
  for (const order of await orders.needingAttention()) {
    let pending = order.pending ?? [];
    for (const step of pending) {
      try {
        await undo[step](order.id);
        pending = pending.filter((s) => s !== step);
        await orders.setPending(order.id, pending);
      } catch (err) {
        // One failing step must not keep the others, or other orders, waiting: the next run retries it.
        failures.push(err);
      }
    }
    if (pending.length > 0) {
      result.remaining++;
      continue;
    }
    try {
      await cancelOrder(orders, events, order.id, order.reason ?? "not completed", now());
      await orders.forgetAttention(order.id);
      result.cancelled++;
    } catch (err) {
      failures.push(err);
      result.remaining++;
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `The attention sweep cancelled ${result.cancelled} orders; ${result.remaining} still need attention.`);
  return result;
}
