import type { ActivityName, CheckoutEnd, CheckoutInput, Outcome } from "./checkout.ts";

// What the saga needs from a workflow engine: Dapr's WorkflowContext in production, a small
// in-process driver in unit tests. Both replay the same deterministic code.
export interface SagaContext {
  callActivity(name: ActivityName, input?: unknown): unknown;
  createTimer(seconds: number): unknown;
}

type Retries = { delays: readonly number[]; forever?: boolean };
const STEP: Retries = { delays: [1, 2, 4, 8] };
const COMPENSATION: Retries = { delays: [1, 2, 4, 8, 15, 30, 60] };
// Recording the order has nothing to undo and must happen: it is tried until it does (a busy
// store, or a claim left by a checkout request that died, clears within seconds).
const UNTIL_DONE: Retries = { delays: [1, 2, 4, 8, 15], forever: true };

// Runs one activity; a thrown (transient) failure is retried after a durable timer, so a crash
// during the wait resumes the wait instead of forgetting the step.
async function* step(ctx: SagaContext, name: ActivityName, input: unknown, { delays, forever }: Retries = STEP): AsyncGenerator<unknown, Outcome, any> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (yield ctx.callActivity(name, input)) as Outcome;
    } catch (err) {
      const delay = delays[forever ? Math.min(attempt, delays.length - 1) : attempt];
      if (delay === undefined) throw err;
      yield ctx.createTimer(delay);
    }
  }
}

// Undoes what may have happened, newest first, then cancels the order with a reason.
async function* compensate(ctx: SagaContext, input: CheckoutInput, reason: string, end: CheckoutEnd, undo: ActivityName[]): AsyncGenerator<unknown, string, any> {
  for (const name of undo) yield* step(ctx, name, input, COMPENSATION);
  yield* step(ctx, "cancelOrder", { input, reason, end }, COMPENSATION);
  return "cancelled";
}

// Checkout: record the order → reserve stock → charge (idempotency key = order id) → commit the
// reservation and mark paid (order.paid goes out). A refusal or a failure that outlives its
// retries runs the compensations in reverse and cancels the order with the reason.
export async function* checkoutWorkflow(ctx: SagaContext, input: CheckoutInput): AsyncGenerator<unknown, string, any> {
  yield* step(ctx, "recordOrder", input, UNTIL_DONE);

  const reserved = yield* step(ctx, "reserveStock", input);
  if (!reserved.ok) return yield* compensate(ctx, input, reserved.reason, "out-of-stock", []);

  let charged: Outcome & { end?: CheckoutEnd };
  try {
    charged = yield* step(ctx, "chargePayment", input);
  } catch {
    charged = { ok: false, reason: "the payment provider is unavailable; nothing was charged", end: "payment-unavailable" };
  }
  // A charge that errored may still have gone through at the provider: refunding is idempotent.
  if (!charged.ok) return yield* compensate(ctx, input, charged.reason, charged.end ?? "payment-declined", ["refundPayment", "releaseStock"]);

  try {
    yield* step(ctx, "commitStock", input);
    yield* step(ctx, "markPaid", input);
  } catch {
    return yield* compensate(ctx, input, "the order could not be completed; the payment was refunded", "not-completed", ["refundPayment", "releaseStock"]);
  }
  return "paid";
}
