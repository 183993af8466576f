import type { ActivityName, CheckoutInput, Outcome } from "./checkout.ts";

// What the saga needs from a workflow engine: Dapr's WorkflowContext in production, a small
// in-process driver in unit tests. Both replay the same deterministic code.
export interface SagaContext {
  callActivity(name: ActivityName, input?: unknown): unknown;
  createTimer(seconds: number): unknown;
}

type Retries = { delays: readonly number[]; forever?: boolean };
const STEP: Retries = { delays: [1, 2, 4, 8] };
const COMPENSATION: Retries = { delays: [1, 2, 4, 8, 15, 30, 60] };
// Recording the order and confirming its events have nothing to undo and must happen: they are
// tried until they do (a busy store, or a claim left by a checkout request that died, clears).
const UNTIL_DONE: Retries = { delays: [1, 2, 4, 8, 15], forever: true };
// Checking that the order's events went out: first when they have surely arrived, then less often.
const CONFIRM_AFTER_SECONDS = [30, 60, 120, 300];

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
async function* compensate(ctx: SagaContext, input: CheckoutInput, reason: string, undo: ActivityName[]): AsyncGenerator<unknown, string, any> {
  for (const name of undo) yield* step(ctx, name, input, COMPENSATION);
  yield* step(ctx, "cancelOrder", { input, reason }, COMPENSATION);
  return "cancelled";
}

// Checkout: record the order → reserve stock → charge (idempotency key = order id) → commit the
// reservation and mark paid (order.paid goes out with it). A refusal or a failure that outlives
// its retries runs the compensations in reverse and cancels the order with the reason.
async function* saga(ctx: SagaContext, input: CheckoutInput): AsyncGenerator<unknown, string, any> {
  yield* step(ctx, "recordOrder", input, UNTIL_DONE);

  const reserved = yield* step(ctx, "reserveStock", input);
  if (!reserved.ok) return yield* compensate(ctx, input, reserved.reason, []);

  let charged: Outcome;
  try {
    charged = yield* step(ctx, "chargePayment", input);
  } catch {
    charged = { ok: false, reason: "the payment provider is unavailable; nothing was charged" };
  }
  // A charge that errored may still have gone through at the provider: refunding is idempotent.
  if (!charged.ok) return yield* compensate(ctx, input, charged.reason, ["refundPayment", "releaseStock"]);

  try {
    yield* step(ctx, "commitStock", input);
    yield* step(ctx, "markPaid", input);
  } catch {
    return yield* compensate(ctx, input, "the order could not be completed; the payment was refunded", ["refundPayment", "releaseStock"]);
  }
  return "paid";
}

// Then the saga makes sure the world heard: every event of the order went out, and a paid order
// shipped. What was not heard is announced again (see Announcements), until it is.
async function* confirmAnnounced(ctx: SagaContext, orderId: string): AsyncGenerator<unknown, void, any> {
  for (let check = 0; ; check++) {
    yield ctx.createTimer(CONFIRM_AFTER_SECONDS[Math.min(check, CONFIRM_AFTER_SECONDS.length - 1)]!);
    if ((yield* step(ctx, "confirmAnnounced", orderId, UNTIL_DONE)).ok) return;
  }
}

export async function* checkoutWorkflow(ctx: SagaContext, input: CheckoutInput): AsyncGenerator<unknown, string, any> {
  const outcome = yield* saga(ctx, input);
  yield* confirmAnnounced(ctx, input.orderId);
  return outcome;
}
