import type { Publisher } from "@quire/kit";
import type { CheckoutInput } from "./checkout.ts";
import { orderEvent } from "./order-events.ts";
import type { Order } from "./order.ts";
import type { OrderRepository } from "./order-repository.ts";

// A checkout saga as the workflow engine has it: running (and when it last moved), ended, or
// unknown to it. Its input is the checkout it was started with.
export type Saga = { state: "running" | "ended" | "missing"; lastUpdatedAt?: string; input?: CheckoutInput };

// What the stall sweep needs from the workflow engine.
export interface SagaEngine {
  inspect(orderId: string): Promise<Saga>;
  // Ends the saga of that order if it still runs, forgets it, and starts it again from its input:
  // every step is idempotent, so a step done before is found done.
  restart(input: CheckoutInput): Promise<void>;
}

// The saga's longest wait between two steps is a 60 s retry timer: an order that has not moved for
// longer, whose saga has not either, is stalled (a workflow timer lost with the scheduler, say).
export const STALL_MS = 90_000;

export type StallSweepResult = { open: number; restarted: number; reannounced: number; abandoned: number; ended: number };

const OPEN: readonly Order["status"][] = ["placed", "paid"];
const ENDED: readonly Order["status"][] = ["shipped", "cancelled"];

// Finds the orders that stopped on their way to an end and sets each going again: a placed order's
// saga is restarted; a paid order's order.paid is announced again (shipping ships it once, and
// announces order.shipped again if it had); a placed order whose saga the engine no longer has
// needs attention (the attention sweep undoes what may have happened and cancels it).
// An ended order leaves the open list once its own announcements have gone out a second time: a
// broker can lose a publish it was handed (Dapr 1.18.2's RabbitMQ component reports an unconfirmed
// publish as done), and consumers take an event once, by its key, however often it comes. A
// shipped order's order.paid needs no second time: shipping heard it. The cron binding calls this
// with the attention sweep.
export async function sweepStalled(orders: OrderRepository, sagas: SagaEngine, events: Publisher, now: () => string, stallMs = STALL_MS): Promise<StallSweepResult> {
  const listed = await orders.open();
  const failures: unknown[] = [];
  const announcedAgain: string[] = [];
  for (const order of listed.filter((o) => ENDED.includes(o.status))) {
    try {
      await events.publish(orderEvent(order, "order.placed"));
      if (order.status === "cancelled") await events.publish(orderEvent(order, "order.cancelled"));
      announcedAgain.push(order.id);
    } catch (err) {
      // Still listed: the next run announces it again.
      failures.push(err);
    }
  }
  await orders.forgetOpen(announcedAgain);
  const result: StallSweepResult = { open: 0, restarted: 0, reannounced: 0, abandoned: 0, ended: announcedAgain.length };
  const stale = (at: string | undefined) => at === undefined || Date.parse(now()) - Date.parse(at) > stallMs;
  for (const order of listed.filter((o) => OPEN.includes(o.status))) {
    result.open++;
    if (!stale(order.updatedAt)) continue;
    try {
      const saga = await sagas.inspect(order.id);
      if (order.status === "placed" && saga.state === "running" && !stale(saga.lastUpdatedAt)) continue;
      if (!(await orders.claimRepair(order.id, stallMs, () => Date.parse(now())))) continue;
      if (order.status === "paid") {
        await events.publish(orderEvent(order, "order.paid"));
        result.reannounced++;
      } else if (saga.input) {
        await sagas.restart(saga.input);
        result.restarted++;
      } else {
        await orders.needAttention(order.id, now(), "not completed", ["refund", "release-reservation", "return-stock"]);
        result.abandoned++;
      }
    } catch (err) {
      // One order must not keep the others waiting: the next run tries it again.
      failures.push(err);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `The stall sweep failed on ${failures.length} orders (${result.open} open); the next run tries them again.`);
  return result;
}
