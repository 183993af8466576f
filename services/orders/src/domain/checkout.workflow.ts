import type { CancellationReason, UndoStep } from "@quire/contracts";
import type { ActivityName, CheckoutInput, Outcome } from "./checkout.ts";

// What the saga needs from a workflow engine: Dapr's WorkflowContext in production, a small
// in-process driver in unit tests. Both replay the same deterministic code.
export interface SagaContext {
  callActivity(name: ActivityName, input?: unknown): unknown;
  createTimer(seconds: number): unknown;
}

type Retries = { delays: readonly number[]; forever?: boolean };
const STEP: Retries = { delays: [1, 2, 4, 8] };
// Recording has nothing to undo, and what stops it (a busy store, a claim left by a checkout
// request that died) clears within seconds: it is tried for about seven minutes before giving up.
const RECORD: Retries = { delays: [1, 2, 4, 8, 15, 30, 60, 60, 60, 60, 60, 60] };
const COMPENSATION: Retries = { delays: [1, 2, 4, 8, 15, 30, 60] };
// Writing how the order ended (and announcing a payment already made) has no fallback: it is
// our own store and broker, so it is tried until it is done. The workflow never ends before it.
const UNTIL_DONE: Retries = { delays: [1, 2, 4, 8, 15, 30, 60], forever: true };

const UNDO: Record<UndoStep, ActivityName> = { refund: "refundPayment", "release-reservation": "releaseStock", "return-stock": "returnStock" };

// Runs one activity; a thrown (transient) failure is retried after a durable timer, so a crash
// during the wait resumes the wait instead of forgetting the step. Answers undefined once the
// retries are spent: the caller decides what that means.
async function* step(ctx: SagaContext, name: ActivityName, input: unknown, { delays, forever }: Retries = STEP): AsyncGenerator<unknown, Outcome | undefined, any> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (yield ctx.callActivity(name, input)) as Outcome;
    } catch {
      const delay = delays[forever ? Math.min(attempt, delays.length - 1) : attempt];
      if (delay === undefined) return undefined;
      yield ctx.createTimer(delay);
    }
  }
}

// Undoes what may have happened, newest first, every step even when one fails; then cancels the
// order with its reason, or, if something could not be undone, marks it needs-attention with
// what remains (the attention sweeper finishes it and cancels it then).
async function* unwind(ctx: SagaContext, input: CheckoutInput, reason: CancellationReason, undo: UndoStep[]): AsyncGenerator<unknown, string, any> {
  const pending: UndoStep[] = [];
  for (const s of undo) if (!(yield* step(ctx, UNDO[s], input, COMPENSATION))) pending.push(s);
  if (pending.length > 0) {
    yield* step(ctx, "markNeedsAttention", { input, reason, pending }, UNTIL_DONE);
    return "needs-attention";
  }
  yield* step(ctx, "cancelOrder", { input, reason }, UNTIL_DONE);
  return "cancelled";
}

// Checkout: record the order → reserve stock → charge (idempotency key = order id) → commit the
// reservation → mark paid → announce order.paid. A refusal, or a step that outlives its retries,
// unwinds what may have happened. Every path ends the order: paid, cancelled or needs-attention.
export async function* checkoutWorkflow(ctx: SagaContext, input: CheckoutInput): AsyncGenerator<unknown, string, any> {
  if (!(yield* step(ctx, "recordOrder", input, RECORD))) return yield* unwind(ctx, input, "not completed", []);

  // A reserve that failed may have held copies (it takes books one by one): release them.
  const reserved = yield* step(ctx, "reserveStock", input);
  if (!reserved) return yield* unwind(ctx, input, "not completed", ["release-reservation"]);
  if (!reserved.ok) return yield* unwind(ctx, input, reserved.reason, []);

  // A charge that errored may still have gone through at the provider: refunding is idempotent.
  const charged = yield* step(ctx, "chargePayment", input);
  if (!charged?.ok) return yield* unwind(ctx, input, charged?.reason ?? "payment unavailable", ["refund", "release-reservation"]);

  // A commit that failed may have landed: release what is only held, then return what was sold.
  if (!(yield* step(ctx, "commitStock", input))) return yield* unwind(ctx, input, "not completed", ["refund", "release-reservation", "return-stock"]);
  if (!(yield* step(ctx, "markPaid", input))) return yield* unwind(ctx, input, "not completed", ["refund", "return-stock"]);
  yield* step(ctx, "announcePaid", input, UNTIL_DONE);
  return "paid";
}
