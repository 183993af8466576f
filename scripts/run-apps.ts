// Starts every app of dapr/run.yaml and its daprd, each pair with its own environment: a fresh
// DAPR_API_TOKEN (only that app may use its sidecar's API) and APP_API_TOKEN (only its sidecar
// may call it), so no process holds another app's tokens. The CLI's multi-app run
// (`dapr run -f`) would give every daprd one environment, hence one pair for all, and a
// `dapr run` per app costs a CLI process per app that only launches the two and relays their
// output. daprd gets the flags `dapr run -f` derives from the run file (daprdArgs in topology.ts,
// which the test harness uses too).
// Each app's output and its sidecar's go to <run dir>/logs/<app-id>.log and, prefixed with its
// id, to this terminal. When any app or sidecar ends, the others are stopped and this exits.
// With SCALE=orders=3, an app runs as that many instances, each with its own sidecar, ports and
// tokens (scripts/topology.ts); its log is <app-id>-<n>.log.
// Each TypeScript app runs its bundle (`make run` builds them first), or with DEV=1 (`make dev`) its
// TypeScript through tsx.
// Usage: node --import tsx scripts/run-apps.ts   (env: RUN_DIR, default .run; SCALE, IMPL, DEV;
// DAPR_TRUST_ANCHORS, sentry's root certificate, which scripts/run.sh exports)
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { daprdArgs, daprdPath, daprEnv, freshTokens, fromSource, loadTopology, parseImpl, parseScale, repoRoot, type AppSpec } from "./topology.ts";

const runDir = resolve(repoRoot, process.env.RUN_DIR ?? ".run");
const logDir = join(runDir, "logs");
mkdirSync(logDir, { recursive: true });

// Sidecars to profile (SIDECAR_PROFILING=gateway,catalog, for bench/profile.ts): their daprd serves
// Go's pprof on 127.0.0.1 (profilePort in topology.ts). Off by default.
const profiled = new Set((process.env.SIDECAR_PROFILING ?? "").split(",").filter(Boolean));

const loaded = loadTopology(undefined, parseScale(process.env.SCALE), parseImpl(process.env.IMPL));
const topology = process.env.DEV === "1" ? { ...loaded, apps: loaded.apps.map(fromSource) } : loaded;
const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 5000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once("exit", r))))).then(() => process.exit(code));
}

// One process of an app's pair (`what` names it in the notice when it ends), its lines into the app's log.
function start(app: AppSpec, what: string, [command, ...args]: string[], env: NodeJS.ProcessEnv, log: WriteStream): void {
  const child = spawn(command!, args, { cwd: app.dir, env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      log.write(`${line}\n`);
      process.stdout.write(`${app.name.padEnd(15)}| ${line}\n`);
    });
  }
  const ended = (how: string) => {
    if (stopping) return;
    console.error(`[run] ${what} ended (${how}); stopping the others. Its log: ${join(logDir, `${app.name}.log`)}`);
    stopAll(1);
  };
  child.on("exit", (code, signal) => ended(signal ?? `exit ${code}`));
  // A binary that cannot start (daprd not installed) says so here rather than crash this launcher.
  child.on("error", (err) => ended(err.message));
}

for (const app of topology.apps) {
  // One environment for the pair, as under `dapr run`: daprd reads the same tokens, and sentry's root.
  const env = { ...process.env, ...app.env, ...daprEnv(app, freshTokens()) };
  const log = createWriteStream(join(logDir, `${app.name}.log`), { flags: "w" });
  const sidecarArgs = daprdArgs(app, topology, { configFile: app.configFile, resourcesPaths: topology.resourcesPaths, logLevel: "warn", profiling: profiled.has(app.appID) });
  start(app, `${app.name}'s sidecar`, [daprdPath(), ...sidecarArgs], env, log);
  start(app, app.name, app.command, env, log);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stopAll(0));
