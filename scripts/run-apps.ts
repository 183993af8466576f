// Starts every app of dapr/run.yaml with its own `dapr run`, each with its own environment: a
// fresh DAPR_API_TOKEN (only that app may use its sidecar's API) and APP_API_TOKEN (only its
// sidecar may call it), so no process holds another app's tokens. The CLI's multi-app run
// (`dapr run -f`) would give every daprd one environment, hence one pair for all.
// Each app's output (its own and its sidecar's) goes to <run dir>/logs/<app-id>.log and, prefixed
// with its id, to this terminal. When one `dapr run` ends, the others are stopped and this exits.
// With SCALE=orders=3, an app runs as that many instances, each with its own sidecar, ports and
// tokens (scripts/topology.ts); its log is <app-id>-<n>.log.
// Each TypeScript app runs its bundle (`make run` builds them first), or with DEV=1 (`make dev`) its
// TypeScript through tsx.
// Usage: node --import tsx scripts/run-apps.ts   (env: RUN_DIR, default .run; SCALE, IMPL, DEV)
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { appHealthFlags, fromSource, loadTopology, parseImpl, parseScale, profilePort, repoRoot, type AppSpec, type Topology } from "./topology.ts";

const runDir = resolve(repoRoot, process.env.RUN_DIR ?? ".run");
const logDir = join(runDir, "logs");
mkdirSync(logDir, { recursive: true });

// Sidecars to profile (SIDECAR_PROFILING=gateway,catalog, for bench/profile.ts): their daprd serves
// Go's pprof on 127.0.0.1 (profilePort in topology.ts). Off by default.
const profiled = new Set((process.env.SIDECAR_PROFILING ?? "").split(",").filter(Boolean));

// The flags `dapr run -f` derives from the run file, for one app.
function daprRunArgs(app: AppSpec, topology: Topology): string[] {
  return [
    "run",
    "--app-id", app.appID,
    "--dapr-http-port", String(app.daprHTTPPort),
    "--dapr-grpc-port", String(app.daprGRPCPort),
    "--metrics-port", String(app.metricsPort),
    "--config", app.configFile,
    "--placement-host-address", `127.0.0.1:${topology.placementPort}`,
    "--dapr-listen-addresses", "127.0.0.1",
    "--log-level", "warn",
    ...(profiled.has(app.appID) ? ["--enable-profiling", "--profile-port", String(profilePort(app))] : []),
    ...topology.resourcesPaths.flatMap((p) => ["--resources-path", p]),
    ...(app.appPort ? ["--app-port", String(app.appPort), "--app-protocol", "http"] : []),
    ...appHealthFlags(app, topology),
    "--",
    ...app.command,
  ];
}

const token = () => randomBytes(16).toString("hex");
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

for (const app of topology.apps) {
  const env = { ...process.env, ...app.env, APP_ID: app.appID, DAPR_API_TOKEN: token(), APP_API_TOKEN: token() };
  const child = spawn("dapr", daprRunArgs(app, topology), { cwd: app.dir, env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const log = createWriteStream(join(logDir, `${app.name}.log`), { flags: "w" });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on("line", (line) => {
      log.write(`${line}\n`);
      process.stdout.write(`${app.name.padEnd(15)}| ${line}\n`);
    });
  }
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`[run] ${app.name}'s dapr run ended (${signal ?? `exit ${code}`}); stopping the others. Its log: ${join(logDir, `${app.name}.log`)}`);
    stopAll(1);
  });
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stopAll(0));
