import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Summary } from "./stats.ts";

export const LAYERS = ["app direct", "own sidecar", "two sidecars", "public gateway"] as const;
export type Layer = (typeof LAYERS)[number];
export type ReadMode = "100/s" | "500/s" | "full speed";

export type ReadResult = {
  layer: Layer;
  mode: ReadMode;
  // 0: open loop (requests leave on a schedule, up to 64 at a time).
  connections: number;
  seconds: number;
  // Answered 2xx per second over the run, and their latency.
  throughput: number;
  p50: number;
  p99: number;
  // Anything but a 2xx (a 429 means the gateway's RATE_LIMIT was too low for the bench).
  failed: number;
  // CPU ms per answered request, by process (apps by app id, "daprd <id>", "run-apps.ts"...).
  // Far less shaken by a busy machine than latency is.
  cpu: Record<string, number>;
};

export type CheckoutResult = {
  concurrency: number;
  orders: number;
  shipped: number;
  cancelled: number;
  unsettled: number;
  seconds: number;
  // POST /api/checkout until its 202; and until the order read back shipped or cancelled.
  accepted: Summary;
  settled: Summary;
};

export type MemoryRow = {
  process: string;
  group: string;
  idleMb: number;
  loadedMb: number | undefined;
  idlePssMb?: number | undefined;
  loadedPssMb?: number | undefined;
  startCpuSeconds?: number | undefined;
  cpuSeconds?: number | undefined;
};

export type Machine = { cpus: number; cpuModel: string; memoryGb: number; loadBefore: string; loadAfter: string; node: string; dapr: string; commit: string };

export type Report = {
  date: string;
  conditions: string;
  // Instances per app id when not one each (SCALE=orders=2), e.g. for a checkout ×1 vs ×2.
  scale?: string | undefined;
  impl?: string | undefined;
  machine: Machine;
  coldStartSeconds: number | undefined;
  read: ReadResult[];
  checkout: CheckoutResult[];
  memory: MemoryRow[];
};

const cpu = (v: number | undefined) => (v === undefined ? "–" : v.toFixed(1));
const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : "–");
const per = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 1 : 0) : "–");
const times = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : "–");
const mb = (v: number | undefined) => (v === undefined ? "–" : v.toFixed(0));

function find(read: readonly ReadResult[], layer: Layer, mode: ReadMode): ReadResult | undefined {
  return read.find((r) => r.layer === layer && r.mode === mode);
}

export type Ratio = { layer: Layer; throughputVsDirect: number; p50Multiple: Record<ReadMode, number> };

// Each layer against the app alone: its full-speed throughput as a share of the app's, and its
// p50 as a multiple of the app's p50 at the same load.
export function ratios(read: readonly ReadResult[]): Ratio[] {
  const modes: ReadMode[] = ["100/s", "500/s", "full speed"];
  return LAYERS.map((layer) => {
    const p50Multiple = Object.fromEntries(
      modes.map((mode) => [mode, (find(read, layer, mode)?.p50 ?? Number.NaN) / (find(read, "app direct", mode)?.p50 ?? Number.NaN)]),
    ) as Record<ReadMode, number>;
    const throughputVsDirect = (find(read, layer, "full speed")?.throughput ?? Number.NaN) / (find(read, "app direct", "full speed")?.throughput ?? Number.NaN);
    return { layer, throughputVsDirect, p50Multiple };
  });
}

export type HopCost = { hop: string; p50Added: Record<ReadMode, number> };

// What each hop adds at p50, layer minus the layer below it; the last is the gateway app alone
// (public minus two sidecars: the same path without the gateway process).
export function hopCosts(read: readonly ReadResult[]): HopCost[] {
  const modes: ReadMode[] = ["100/s", "500/s", "full speed"];
  const diff = (upper: Layer, lower: Layer) =>
    Object.fromEntries(modes.map((m) => [m, (find(read, upper, m)?.p50 ?? Number.NaN) - (find(read, lower, m)?.p50 ?? Number.NaN)])) as Record<ReadMode, number>;
  return [
    { hop: "catalog's sidecar (own sidecar − app direct)", p50Added: diff("own sidecar", "app direct") },
    { hop: "a second sidecar, mTLS between them (two sidecars − own sidecar)", p50Added: diff("two sidecars", "own sidecar") },
    { hop: "the gateway app (public − two sidecars)", p50Added: diff("public gateway", "two sidecars") },
  ];
}

// CPU per request on the path's processes; run-apps.ts only relays the apps' and sidecars' log
// lines to the terminal and the log files.
export function cpuColumns(cpu: Record<string, number>): Record<string, number> {
  const pick = (name: string) => cpu[name] ?? 0;
  const logs = pick("run-apps.ts");
  const path = pick("gateway") + pick("daprd gateway") + pick("daprd catalog") + pick("catalog");
  const total = Object.values(cpu).reduce((s, v) => s + v, 0);
  return { gateway: pick("gateway"), "daprd gateway": pick("daprd gateway"), "daprd catalog": pick("daprd catalog"), catalog: pick("catalog"), "log relays": logs, "everything else": total - path - logs, total };
}

export function renderMarkdown(report: Report): string {
  const { machine: m } = report;
  const lines: string[] = [];
  lines.push(`# Quire bench — ${report.date}`, "");
  lines.push(`Conditions: ${report.conditions}`, "");
  if (report.scale) lines.push(`Scaled out: SCALE=${report.scale} (every other app one instance).`, "");
  if (report.impl) lines.push(`Implementations: IMPL=${report.impl} (every other app its TypeScript one).`, "");
  lines.push(
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb.toFixed(1)} GB; load average before ${m.loadBefore}, after ${m.loadAfter}. ` +
      `Node ${m.node}, Dapr ${m.dapr}, commit ${m.commit}. The load generator (autocannon) runs on the same machine.`,
    "",
  );
  lines.push(`Cold start (\`make run\` until the gateway's /healthz answers 200): ${report.coldStartSeconds === undefined ? "not measured (Quire was already running)" : `${report.coldStartSeconds.toFixed(1)} s`}`, "");

  lines.push("## Read path: `GET /api/books/{isbn}`", "");
  lines.push("| layer | load | connections | answered/s | p50 ms | p99 ms | not 2xx |", "|---|---|---:|---:|---:|---:|---:|");
  for (const r of report.read) lines.push(`| ${r.layer} | ${r.mode} | ${r.connections || "open loop"} | ${per(r.throughput)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.failed} |`);
  lines.push("");
  lines.push("| layer | throughput vs direct (full speed) | p50 × direct at 100/s | at 500/s | at full speed |", "|---|---:|---:|---:|---:|");
  for (const r of ratios(report.read)) {
    lines.push(`| ${r.layer} | ${times(r.throughputVsDirect)} | ${times(r.p50Multiple["100/s"])} | ${times(r.p50Multiple["500/s"])} | ${times(r.p50Multiple["full speed"])} |`);
  }
  lines.push("");
  lines.push("CPU ms per answered request, by process (at 100/s; `log relays`: run-apps.ts passing log lines on):", "");
  const header = Object.keys(cpuColumns({}));
  lines.push(`| layer | ${header.join(" | ")} |`, `|---|${header.map(() => "---:").join("|")}|`);
  for (const r of report.read.filter((r) => r.mode === "100/s")) lines.push(`| ${r.layer} | ${Object.values(cpuColumns(r.cpu)).map((v) => v.toFixed(2)).join(" | ")} |`);
  lines.push("");
  lines.push("| p50 added by | at 100/s ms | at 500/s ms | at full speed ms |", "|---|---:|---:|---:|");
  for (const h of hopCosts(report.read)) lines.push(`| ${h.hop} | ${ms(h.p50Added["100/s"])} | ${ms(h.p50Added["500/s"])} | ${ms(h.p50Added["full speed"])} |`);
  lines.push("");

  lines.push("## Checkout: `POST /api/checkout` until the order is shipped or cancelled", "");
  lines.push("| concurrency | orders | shipped | cancelled | unsettled | settled/s | 202 p50 ms | 202 p99 ms | settled p50 ms | settled p99 ms |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const c of report.checkout) {
    const rate = (c.shipped + c.cancelled) / c.seconds;
    lines.push(`| ${c.concurrency} | ${c.orders} | ${c.shipped} | ${c.cancelled} | ${c.unsettled} | ${per(rate)} | ${ms(c.accepted.p50)} | ${ms(c.accepted.p99)} | ${ms(c.settled.p50)} | ${ms(c.settled.p99)} |`);
  }
  lines.push("");

  lines.push("## Memory and CPU", "");
  lines.push(
    "RSS counts every page a process has resident, pages shared with others (the daprd binary's code, node's) in each of them; PSS shares each such page among the processes holding it, so PSS adds up to what they hold together. CPU: seconds used from its start until idle, and during the load.",
    "",
  );
  lines.push("| process | group | RSS MB idle | RSS MB after the load | PSS MB idle | PSS MB after the load | CPU s to start | CPU s during the load |", "|---|---|---:|---:|---:|---:|---:|---:|");
  const cells = (r: Pick<MemoryRow, "idleMb" | "loadedMb" | "idlePssMb" | "loadedPssMb" | "startCpuSeconds" | "cpuSeconds">) =>
    `${mb(r.idleMb)} | ${mb(r.loadedMb)} | ${mb(r.idlePssMb)} | ${mb(r.loadedPssMb)} | ${cpu(r.startCpuSeconds)} | ${cpu(r.cpuSeconds)}`;
  for (const row of report.memory) lines.push(`| ${row.process} | ${row.group} | ${cells(row)} |`);
  const groups = [...new Set(report.memory.map((r) => r.group))];
  const totals = (rows: MemoryRow[]) =>
    cells({
      idleMb: sum(rows.map((r) => r.idleMb)),
      loadedMb: sumOrUndefined(rows.map((r) => r.loadedMb)),
      idlePssMb: sumOrUndefined(rows.map((r) => r.idlePssMb)),
      loadedPssMb: sumOrUndefined(rows.map((r) => r.loadedPssMb)),
      startCpuSeconds: sumOrUndefined(rows.map((r) => r.startCpuSeconds)),
      cpuSeconds: sumOrUndefined(rows.map((r) => r.cpuSeconds)),
    })
      .split(" | ")
      .map((v) => `**${v}**`)
      .join(" | ");
  for (const group of groups) {
    const rows = report.memory.filter((r) => r.group === group);
    lines.push(`| **all ${group}** (${rows.length}) | | ${totals(rows)} |`);
  }
  lines.push(`| **total** | | ${totals(report.memory)} |`, "");
  return lines.join("\n");
}

const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);
const sumOrUndefined = (values: readonly (number | undefined)[]) => (values.every((v) => v === undefined) ? undefined : sum(values.map((v) => v ?? 0)));

export function writeResults(path: string, markdown: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, markdown);
}
