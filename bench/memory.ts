import type { MemoryRow } from "./results.ts";
import { controlPlaneProcesses, cpuMs, quireProcesses, type Proc } from "./quire.ts";

export type Named = { process: string; group: string };

// What a process of `make run`'s group is: an app, its daprd, or the launcher
// (scripts/run-apps.ts), which starts both directly.
export function classify(proc: Pick<Proc, "comm" | "args" | "env"> & { pid?: number }): Named {
  const flag = (name: string) => proc.args[proc.args.indexOf(name) + 1];
  if (proc.comm === "daprd") return { process: `daprd ${flag("--app-id") ?? proc.env.APP_ID ?? "?"}`, group: "sidecars" };
  // Under `make dev`, tsx compiles each app's TypeScript through an esbuild service process of its own.
  if (proc.comm === "esbuild") return { process: `esbuild ${proc.env.APP_ID ?? "?"}`, group: "esbuild (tsx)" };
  if (proc.args.some((a) => a.endsWith("run-apps.ts"))) return { process: "run-apps.ts", group: "launcher" };
  if (proc.env.APP_ID && proc.args.some((a) => a.endsWith("dist/main.js") || a.endsWith("src/main.ts"))) return { process: proc.env.APP_ID, group: "apps" };
  // An app in another language (scripts/topology.ts IMPLEMENTATIONS, the Python recommendations).
  if (proc.env.APP_ID && proc.comm.startsWith("python")) return { process: `${proc.env.APP_ID} (Python)`, group: "apps" };
  if (proc.env.APP_ID && proc.args[0]?.endsWith("/bin/shipping")) return { process: `${proc.env.APP_ID} (Go)`, group: "apps" };
  return { process: `${proc.comm} (${proc.pid ?? "?"})`, group: "other" };
}

const order = ["apps", "esbuild (tsx)", "sidecars", "launcher", "control plane", "observability", "other"];

type Snapshot = Map<string, Named & { rssMb: number; pssMb: number; cpuMs: number }>;

// RSS, PSS and CPU time so far of every process Quire runs: the apps, their sidecars, the launcher, the
// control plane (sentry, placement, scheduler) and Jaeger and Prometheus. Redis is shared
// infrastructure, not counted.
export function memorySnapshot(pgid: number): Snapshot {
  const rows: Snapshot = new Map();
  for (const proc of quireProcesses(pgid)) {
    const named = classify(proc);
    rows.set(named.process, { ...named, rssMb: proc.rssMb, pssMb: proc.pssMb, cpuMs: cpuMs(proc.pid) });
  }
  for (const { name, proc } of controlPlaneProcesses()) {
    const group = name === "jaeger" || name === "prometheus" ? "observability" : "control plane";
    rows.set(name, { process: name, group, rssMb: proc.rssMb, pssMb: proc.pssMb, cpuMs: cpuMs(proc.pid) });
  }
  return rows;
}

// Each process's RSS and PSS idle and after the load, the CPU it used until idle after its start,
// and the CPU it spent in between (the whole bench).
export function memoryRows(idle: Snapshot, loaded: Snapshot | undefined): MemoryRow[] {
  return [...idle.values()]
    .map((row) => {
      const after = loaded?.get(row.process);
      return {
        process: row.process,
        group: row.group,
        idleMb: row.rssMb,
        loadedMb: after?.rssMb,
        idlePssMb: row.pssMb,
        loadedPssMb: after?.pssMb,
        startCpuSeconds: row.cpuMs / 1000,
        cpuSeconds: after && (after.cpuMs - row.cpuMs) / 1000,
      };
    })
    .sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group) || a.process.localeCompare(b.process));
}
