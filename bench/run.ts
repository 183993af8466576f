// `make bench`: starts Quire (`make run`, timing the cold start), measures the read path per
// layer, checkout at three concurrencies and every process's memory, stops Quire, prints the
// table and writes it to bench/results/latest.md. Options: the BENCH_* variables below.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { loadTopology, repoRoot } from "../scripts/topology.ts";
import { checkout } from "./checkout.ts";
import { coldStart } from "./cold-start.ts";
import { classify, memoryRows, memorySnapshot } from "./memory.ts";
import { readPath, readTargets } from "./read-path.ts";
import { controlPlaneProcesses, quirePgid, quireProcesses, runDir, stopQuire, tokensOf } from "./quire.ts";
import { LAYERS, renderMarkdown, writeResults, type Report } from "./results.ts";

const options = z
  .object({
    BENCH_SECONDS: z.coerce.number().int().min(1).default(10),
    // What else the machine was doing: goes at the top of the results.
    BENCH_CONDITIONS: z.string().default("not given (set BENCH_CONDITIONS to say what else ran on the machine)"),
    // 1: measure the Quire that is already running (no cold start; it is left running).
    BENCH_REUSE: z.enum(["0", "1"]).default("0"),
    BENCH_SCENARIOS: z.string().default("read,checkout"),
    // A part of the read path, e.g. for a before/after: BENCH_LAYERS="two sidecars,public gateway" BENCH_RATES=100 BENCH_FULL_SPEED=0.
    BENCH_LAYERS: z
      .string()
      .default(LAYERS.join(","))
      .transform((s) => s.split(","))
      .pipe(z.array(z.enum(LAYERS))),
    BENCH_RATES: z
      .string()
      .default("100,500")
      .transform((s) => s.split(",").filter(Boolean).map(Number))
      .pipe(z.array(z.number().int().positive())),
    BENCH_FULL_SPEED: z.enum(["0", "1"]).default("1"),
    BENCH_OUT: z.string().default(join(repoRoot, "bench/results/latest.md")),
  })
  .parse(process.env);

const say = (line: string) => console.log(`[bench] ${line}`);
const gateway = "http://127.0.0.1:8080";
const topology = loadTopology();
const scenarios = new Set(options.BENCH_SCENARIOS.split(","));
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
const loadBefore = load();

let startedHere = false;
let coldStartSeconds: number | undefined;
if (options.BENCH_REUSE === "1") {
  if (!quirePgid()) throw new Error("BENCH_REUSE=1 but Quire is not running: make run first");
  say("measuring the Quire that is running (its RATE_LIMIT must be high, or the gateway answers 429)");
} else {
  if (quirePgid()) throw new Error("Quire is already running: make stop first, or BENCH_REUSE=1 to measure it as it is");
  say("make run (cold start)…");
  // The bench sends hundreds of thousands of requests from one address: no per-client limit.
  const started = await coldStart({ RATE_LIMIT: "100000000" }, join(runDir, "bench-run.log"), `${gateway}/healthz`);
  startedHere = true;
  coldStartSeconds = started.seconds;
  say(`healthy after ${coldStartSeconds.toFixed(1)} s`);
}
const stop = () => startedHere && stopQuire();
process.once("SIGINT", () => {
  stop();
  process.exit(130);
});

try {
  const pgid = quirePgid()!;
  // A few seconds for start-up work to settle (seeding, first health rounds) before memory and load.
  await new Promise((r) => setTimeout(r, 5000));
  const idle = memorySnapshot(pgid);
  const procs = quireProcesses(pgid);
  const watch = [...procs.map((p) => ({ name: classify(p).process, pid: p.pid })), ...controlPlaneProcesses().map(({ name, proc }) => ({ name, pid: proc.pid }))];
  const targets = readTargets(topology, "9781000000016", tokensOf(procs, "catalog"), tokensOf(procs, "gateway"), gateway);

  const read = scenarios.has("read") ? await readPath(targets, { watch, seconds: options.BENCH_SECONDS, fullSpeedConnections: options.BENCH_FULL_SPEED === "1" ? 32 : undefined, rates: options.BENCH_RATES, layers: options.BENCH_LAYERS }, say) : [];
  const secrets = JSON.parse(readFileSync(join(runDir, "dev-secrets.json"), "utf8")) as Record<string, string>;
  const orders = scenarios.has("checkout")
    ? await checkout(
        {
          gateway,
          admin: { email: secrets["users-admin-email"]!, password: secrets["users-admin-password"]! },
          levels: [
            { concurrency: 1, orders: 10 },
            { concurrency: 10, orders: 40 },
            { concurrency: 50, orders: 100 },
          ],
          pollMs: 250,
          settleTimeoutMs: 60_000,
        },
        say,
      )
    : [];
  const loaded = memorySnapshot(pgid);

  const git = (...args: string[]) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
  const report: Report = {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    conditions: options.BENCH_CONDITIONS,
    scale: process.env.SCALE || undefined,
    impl: process.env.IMPL || undefined,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? "unknown",
      memoryGb: totalmem() / 2 ** 30,
      loadBefore,
      loadAfter: load(),
      node: process.versions.node,
      dapr: execFileSync("daprd", ["--version"], { encoding: "utf8" }).trim(),
      commit: `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--untracked-files=no") ? " (with uncommitted changes)" : ""}`,
    },
    coldStartSeconds,
    read,
    checkout: orders,
    memory: memoryRows(idle, loaded),
  };
  const markdown = renderMarkdown(report);
  writeResults(options.BENCH_OUT, markdown);
  console.log(`\n${markdown}`);
  say(`written to ${options.BENCH_OUT}`);
} finally {
  stop();
}
