import type { SagaContext } from "../src/domain/checkout.workflow.ts";

type Call = { activity: string; input: unknown } | { timer: number };

// Runs the saga in-process: activities are called directly, timers fire at once (after
// `onTimer`, where a test lets the world move on: deliver events, say). Records the order of
// calls so tests can assert what ran, and what did not.
export async function runSaga(
  saga: (ctx: SagaContext) => AsyncGenerator<unknown, string, unknown>,
  activities: Record<string, (input: any) => Promise<unknown>>,
  onTimer: () => Promise<void> = async () => undefined,
) {
  const calls: Call[] = [];
  const ctx: SagaContext = {
    callActivity: (activity, input) => ({ activity, input }),
    createTimer: (seconds) => ({ timer: seconds }),
  };
  const gen = saga(ctx);
  let next = await gen.next();
  while (!next.done) {
    if (calls.length > 1000) throw new Error(`the saga did not end: ${JSON.stringify(calls.slice(-5))}`);
    const call = next.value as Call;
    calls.push(call);
    if ("timer" in call) {
      await onTimer();
      next = await gen.next();
      continue;
    }
    try {
      next = await gen.next(await activities[call.activity]!(call.input));
    } catch (err) {
      next = await gen.throw(err);
    }
  }
  return { result: next.value, ran: calls.flatMap((c) => ("activity" in c ? [c.activity] : [])) };
}
