import type { ChildProcess } from "node:child_process";
import { startQuire, waitFor } from "./quire.ts";

// `make run` until the gateway's /healthz answers 200, which it does only once every service
// answers its own: set-up checks (each step only when needed), the control plane, every app
// with its sidecar. The bundles are built first when their sources changed (scripts/build.ts).
export async function coldStart(env: Record<string, string>, logPath: string, healthUrl: string): Promise<{ seconds: number; child: ChildProcess }> {
  const started = performance.now();
  const child = startQuire(env, logPath);
  let exited: string | undefined;
  child.once("exit", (code, signal) => (exited = `make run ended (${signal ?? `exit ${code}`}) before Quire was healthy; see ${logPath}`));
  await waitFor(async () => (await fetch(healthUrl)).status === 200, { timeoutMs: 240_000, everyMs: 100, failed: () => exited });
  return { seconds: (performance.now() - started) / 1000, child };
}
