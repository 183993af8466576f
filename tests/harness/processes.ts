import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export type Started = { name: string; child: ChildProcess; logFile: string };

// Starts a process in its own process group, its output in a log file kept as a test artifact.
export function startProcess(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; logDir: string }): Started {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: "a" });
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  // Two sources into one file: neither may end it (the other could still write), the exit does.
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.once("close", () => log.end());
  // A command that cannot start (a binary not built) ends here, said in its log, not as a crash
  // of the test process; deathNotice then names it.
  child.once("error", (err) => log.write(`error: could not start ${command}: ${err.message}\n`));
  return { name, child, logFile };
}

// Stops the whole group: SIGTERM, then SIGKILL for whatever is still there after the grace time.
export async function stopProcess({ child }: Started, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signalGroup(child.pid, graceMs > 0 ? "SIGTERM" : "SIGKILL");
  const timer = setTimeout(() => signalGroup(child.pid!, "SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
  signalGroup(child.pid, "SIGKILL"); // anything the leader left behind in its group
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

// `hopeless` says why waiting on is pointless (e.g. a process it needs has died), or nothing.
export async function waitFor(what: string, check: () => Promise<boolean>, { timeoutMs = 90_000, intervalMs = 250, hopeless = (): string | undefined => undefined } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    const why = hopeless();
    if (why) throw new Error(why);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

// One line on a process that has exited: its name, how it ended, the last thing it said that
// looks like the reason (daprd writes `level=fatal msg="..."`), and where its whole log is.
export function deathNotice({ name, child, logFile }: Started): string | undefined {
  if (child.exitCode === null && child.signalCode === null) return undefined;
  const lines = readLog(logFile).split("\n").filter((l) => l.trim() !== "");
  const reason = [...lines].reverse().find((l) => /level=(fatal|error)|\bfatal\b|error/i.test(l)) ?? lines.at(-1) ?? "no output";
  const how = child.signalCode ? `was killed by ${child.signalCode}` : `exited with code ${child.exitCode}`;
  return `${name} ${how}: ${reason.trim().slice(0, 400)} (log: ${logFile})`;
}

function readLog(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
