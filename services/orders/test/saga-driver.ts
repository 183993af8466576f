import type { SagaContext } from "../src/domain/checkout.workflow.ts";

type Call = { activity: string; input: unknown } | { timer: number };

// Runs the saga in-process: activities are called directly, timers fire at once. Records the
// order of calls so tests can assert what ran, and what did not.
export async function runSaga(saga: (ctx: SagaContext) => AsyncGenerator<unknown, string, unknown>, activities: Record<string, (input: any) => Promise<unknown>>) {
  const calls: Call[] = [];
  const ctx: SagaContext = {
    callActivity: (activity, input) => ({ activity, input }),
    createTimer: (seconds) => ({ timer: seconds }),
  };
  const gen = saga(ctx);
  let next = await gen.next();
  while (!next.done) {
    const call = next.value as Call;
    calls.push(call);
    if ("timer" in call) {
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
