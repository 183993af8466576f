import { DaprWorkflowClient, LogLevel, WorkflowRuntime, WorkflowRuntimeStatus, type WorkflowActivityContext, type WorkflowContext } from "@dapr/dapr";
import { parseTraceparent, retryTransient, withTrace } from "@quire/kit";
import type { CheckoutInput } from "../domain/checkout.ts";
import { checkoutWorkflow, type SagaContext } from "../domain/checkout.workflow.ts";
import type { Workflows } from "../domain/shop.ts";
import type { Saga, SagaEngine } from "../domain/stall-sweep.ts";

const GRPC_NOT_FOUND = 5;
const RUNNING = [WorkflowRuntimeStatus.RUNNING, WorkflowRuntimeStatus.PENDING, WorkflowRuntimeStatus.SUSPENDED];
// How long a restart waits for the engine to end the stalled saga before it forgets it.
const TERMINATE_WAIT_S = 30;
type Activities = Record<string, (input: any) => Promise<unknown>>;
type InnerWorker = { _maxQueueSize: number; _maxConcurrentWorkItems: number; _isRunning: boolean; start(): Promise<void> };

// Hosts the checkout saga in Dapr Workflow (durable: its history lives in the actor state store,
// so a restart of this app or its sidecar resumes a checkout where it stopped).
export async function startWorkflowRuntime(options: { daprHost: string; daprPort: string; daprApiToken?: string | undefined }, activities: Activities) {
  const connection = { daprHost: options.daprHost, daprPort: options.daprPort, ...(options.daprApiToken ? { daprApiToken: options.daprApiToken } : {}), logger: { level: LogLevel.Warn } };
  const runtime = new WorkflowRuntime(connection);
  // The SDK's worker runs 10 work items at once and silently DROPS any beyond a queue of 100;
  // a dropped item leaves its checkout hanging. A burst of checkouts is normal for a shop, so
  // widen both (no public option exists in @dapr/dapr 3.18.0).
  const worker = (runtime as unknown as { worker: InnerWorker }).worker;
  worker._maxQueueSize = 100_000;
  worker._maxConcurrentWorkItems = 50;
  runtime.registerWorkflowWithName("checkout", (ctx: WorkflowContext, input: CheckoutInput) => checkoutWorkflow(asSaga(ctx), input) as never);
  for (const [name, fn] of Object.entries(activities)) {
    runtime.registerActivityWithName(name, (_ctx: WorkflowActivityContext, input: unknown) => withTrace(parseTraceparent(traceOf(input)), () => fn(input)) as never);
  }
  await runtime.start();
  // The SDK's worker gives up for good when its first stream breaks (e.g. the sidecar restarts):
  // watch it and reconnect, so checkouts resume as soon as the sidecar is back.
  let stopped = false;
  const watchdog = setInterval(() => {
    if (!stopped && !worker._isRunning) worker.start().catch(() => undefined);
  }, 2000);
  watchdog.unref();
  const client = new DaprWorkflowClient(connection);
  const stateOf = async (id: string, withInput: boolean) => {
    try {
      return await client.getWorkflowState(id, withInput);
    } catch (err) {
      if ((err as { code?: unknown }).code === GRPC_NOT_FOUND) return undefined;
      throw err;
    }
  };
  const exists = async (id: string) => (await stateOf(id, false)) !== undefined;
  const workflows: Workflows = {
    // Idempotent per order id: a second start (a retried request) leaves the first one running.
    // The runtime can fail a read of a workflow being written at the same moment (it says so:
    // "transient store read failure"); that is tried again.
    async startCheckout(input) {
      await retryTransient(async () => {
        if (await exists(input.orderId)) return;
        try {
          await client.scheduleNewWorkflow("checkout", input, input.orderId);
        } catch (err) {
          if (!(await exists(input.orderId))) throw err;
        }
      });
    },
  };
  const sagas: SagaEngine = {
    async inspect(orderId): Promise<Saga> {
      const state = await stateOf(orderId, true);
      if (!state) return { state: "missing" };
      const input = state.serializedInput ? (JSON.parse(state.serializedInput) as CheckoutInput) : undefined;
      return { state: RUNNING.includes(state.runtimeStatus) ? "running" : "ended", lastUpdatedAt: state.lastUpdatedAt.toISOString(), ...(input ? { input } : {}) };
    },
    async restart(input) {
      const state = await stateOf(input.orderId, false);
      if (state && RUNNING.includes(state.runtimeStatus)) {
        await client.terminateWorkflow(input.orderId, "stalled: started again");
        const ended = await client.waitForWorkflowCompletion(input.orderId, false, TERMINATE_WAIT_S);
        if (ended && RUNNING.includes(ended.runtimeStatus)) throw new Error(`The stalled saga of order ${input.orderId} did not end within ${TERMINATE_WAIT_S} s of its termination.`);
      }
      if (state) await client.purgeWorkflow(input.orderId);
      await client.scheduleNewWorkflow("checkout", input, input.orderId);
    },
  };
  const stop = async () => {
    stopped = true;
    clearInterval(watchdog);
    await Promise.all([runtime.stop(), client.stop()]);
  };
  return { workflows, sagas, stop };
}

// The SDK hands activities no trace context (durabletask-js has none to give), so the checkout's
// traceparent rides in the input: an activity's input is the CheckoutInput, or holds it as `input`.
function traceOf(input: unknown): string | undefined {
  const checkout = (input as { input?: CheckoutInput } | undefined)?.input ?? (input as CheckoutInput | undefined);
  return checkout?.traceparent;
}

function asSaga(ctx: WorkflowContext): SagaContext {
  return {
    callActivity: (name, input) => ctx.callActivity(name, input as never),
    createTimer: (seconds) => ctx.createTimer(seconds),
  };
}
