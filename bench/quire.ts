import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../scripts/topology.ts";

// The Quire that `make run` starts: its process group (.run/quire.pgid, every app and daprd and
// their launcher), the control plane's pid files, and each app's tokens.
export const runDir = join(repoRoot, ".run");

// rssMb counts every page the process has resident; pssMb divides each page shared with other
// processes (the daprd binary's code, shared by every sidecar; node's, by every app) among them,
// so PSS adds up to what the processes together hold.
export type Proc = { pid: number; comm: string; args: string[]; env: Record<string, string>; rssMb: number; pssMb: number };

export function readProc(pid: number): Proc | undefined {
  try {
    const dir = `/proc/${pid}`;
    const comm = readFileSync(`${dir}/comm`, "utf8").trim();
    const args = readFileSync(`${dir}/cmdline`, "utf8").split("\0").filter(Boolean);
    const env = Object.fromEntries(
      readFileSync(`${dir}/environ`, "utf8")
        .split("\0")
        .filter((kv) => kv.includes("="))
        .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
    );
    const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`${dir}/status`, "utf8"))?.[1] ?? 0);
    const pssKb = Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`${dir}/smaps_rollup`, "utf8"))?.[1] ?? 0);
    return { pid, comm, args, env, rssMb: rssKb / 1024, pssMb: pssKb / 1024 };
  } catch {
    return undefined; // gone, or not ours to read
  }
}

// CPU time a process has used so far, user and system, in ms (/proc/<pid>/stat counts in ticks of
// 10 ms, Linux's USER_HZ).
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

// The process group id, from /proc/<pid>/stat: the fields after the command's closing parenthesis.
function processGroup(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
  } catch {
    return undefined;
  }
}

export function quirePgid(): number | undefined {
  const file = join(runDir, "quire.pgid");
  if (!existsSync(file)) return undefined;
  const pgid = Number(readFileSync(file, "utf8").trim());
  try {
    process.kill(-pgid, 0);
    return pgid;
  } catch {
    return undefined;
  }
}

// Every process `make run` started for the apps (one group, made by setsid in scripts/run.sh).
export function quireProcesses(pgid: number): Proc[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => processGroup(pid) === pgid)
    .map(readProc)
    .filter((p): p is Proc => p !== undefined);
}

// The control plane and observability processes, from scripts/control-plane.sh's pid files.
export function controlPlaneProcesses(): { name: string; proc: Proc }[] {
  return ["sentry", "placement", "scheduler", "jaeger", "prometheus"].flatMap((name) => {
    const file = join(runDir, `${name}.pid`);
    const proc = existsSync(file) ? readProc(Number(readFileSync(file, "utf8").trim())) : undefined;
    return proc ? [{ name, proc }] : [];
  });
}

export type AppTokens = { appToken: string | undefined; daprToken: string | undefined };

// scripts/run-apps.ts makes each app's tokens fresh per run and keeps them nowhere but in the
// environment of that app and its daprd; the bench reads them from there (same user),
// so no token is ever written to disk for it.
export function tokensOf(procs: readonly Proc[], appId: string): AppTokens {
  const proc = procs.find((p) => p.env.APP_ID === appId && p.env.DAPR_API_TOKEN);
  return { appToken: proc?.env.APP_API_TOKEN, daprToken: proc?.env.DAPR_API_TOKEN };
}

// `make run` in the background. It prints every app's log lines: straight into a file, so that
// the bench's own process (the load generator) does not spend time reading them.
export function startQuire(env: Record<string, string>, logPath: string): ChildProcess {
  const log = openSync(logPath, "w");
  const child = spawn("make", ["--no-print-directory", "run"], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", log, log] });
  closeSync(log);
  return child;
}

export function stopQuire(): void {
  spawnSync("make", ["--no-print-directory", "stop"], { cwd: repoRoot, stdio: "inherit" });
}

export async function waitFor(check: () => Promise<boolean>, { timeoutMs, everyMs, failed }: { timeoutMs: number; everyMs: number; failed?: () => string | undefined }): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    const why = failed?.();
    if (why) throw new Error(why);
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
