// Profiles the public read path under load: the gateway app's CPU (V8's sampling profiler, the one
// `node --cpu-prof` uses, started through the inspector only for the load's window, so start-up
// stays out of it; the bundle's frames read through its source map) and the gateway's and
// catalog's daprd (Go's pprof).
// Needs a Quire started for it:
//   SIDECAR_PROFILING=gateway,catalog RATE_LIMIT=100000000 make run
//   node --import tsx bench/profile.ts            (env: BENCH_RATE=500, BENCH_SECONDS=20)
// Profiles land in .run/profiles/ (never committed); the top self times are printed.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadTopology, profilePort } from "../scripts/topology.ts";
import { inSources, topFunctions, topOrigins, type CpuProfile, type SelfTime } from "./cpu-profile.ts";
import { fixedRate } from "./load.ts";
import { classify } from "./memory.ts";
import { quirePgid, quireProcesses, runDir } from "./quire.ts";

const rate = Number(process.env.BENCH_RATE ?? 500);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const out = join(runDir, "profiles");
mkdirSync(out, { recursive: true });
const pgid = quirePgid();
if (!pgid) throw new Error("Quire is not running: SIDECAR_PROFILING=gateway,catalog RATE_LIMIT=100000000 make run");
const gatewayApp = quireProcesses(pgid).find((p) => classify(p).process === "gateway" && classify(p).group === "apps");
if (!gatewayApp) throw new Error("no gateway app process in Quire's process group");

// SIGUSR1 opens a running Node process's inspector on 127.0.0.1:9229.
async function inspect(pid: number): Promise<(method: string, params?: object) => Promise<any>> {
  process.kill(pid, "SIGUSR1");
  await new Promise((r) => setTimeout(r, 1000));
  const [target] = (await (await fetch("http://127.0.0.1:9229/json/list")).json()) as { webSocketDebuggerUrl: string }[];
  const ws = new WebSocket(target!.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => ((ws.onopen = resolve), (ws.onerror = reject)));
  const pending = new Map<number, (result: unknown) => void>();
  ws.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  };
  let next = 1;
  return (method, params = {}) =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
}

const print = (title: string, rows: SelfTime[]) => {
  console.log(`\n${title}`);
  for (const r of rows) console.log(`  ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(6)} ms  ${r.name}`);
};

const topology = loadTopology();
const sidecars = ["gateway", "catalog"].map((id) => topology.apps.find((a) => a.appID === id)!);
const send = await inspect(gatewayApp.pid);
await send("Profiler.enable");
await send("Profiler.setSamplingInterval", { interval: 200 });
await send("Profiler.start");
const pprofs = sidecars.map(async (app) => {
  const res = await fetch(`http://127.0.0.1:${profilePort(app)}/debug/pprof/profile?seconds=${seconds}`);
  if (!res.ok) throw new Error(`${app.appID}'s daprd has no profiling endpoint (started without SIDECAR_PROFILING=${app.appID}?)`);
  const file = join(out, `daprd-${app.appID}.pprof`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return { app: app.appID, file };
});
console.log(`[profile] GET /api/books/{isbn} through the gateway at ${rate}/s for ${seconds} s…`);
const load = await fixedRate({ url: "http://127.0.0.1:8080/api/books/9781000000016", headers: {} }, rate, seconds);
const { profile: bundled } = (await send("Profiler.stop")) as { profile: CpuProfile };
writeFileSync(join(out, "gateway.cpuprofile"), JSON.stringify(bundled));
const maps = new Map<string, SourceMap | undefined>();
const mapOf = (url: string) => {
  const file = url.startsWith("file:") ? `${fileURLToPath(url)}.map` : undefined;
  if (!maps.has(url)) maps.set(url, file && existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, "utf8"))) : undefined);
  return maps.get(url);
};
const profile = inSources(bundled, mapOf);
console.log(`[profile] ${load.throughput.toFixed(0)}/s answered, p50 ${load.p50.toFixed(2)} ms, p99 ${load.p99.toFixed(2)} ms, not 2xx ${load.failed}`);
print("gateway app: self time by package", topOrigins(profile));
print("gateway app: self time by function", topFunctions(profile, 25));

for (const { app, file } of await Promise.all(pprofs)) {
  console.log(`\ndaprd ${app}: ${file}`);
  try {
    console.log(execFileSync("go", ["tool", "pprof", "-top", "-nodecount=25", file], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  } catch {
    console.log("  (no `go` on the PATH to summarise it: go tool pprof -top <file>)");
  }
}
process.exit(0);
