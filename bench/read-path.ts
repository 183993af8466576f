import type { Topology } from "../scripts/topology.ts";
import { fixedRate, fullSpeed, type Target } from "./load.ts";
import { cpuMs, type AppTokens } from "./quire.ts";
import type { Layer, ReadMode, ReadResult } from "./results.ts";

export type Watched = { name: string; pid: number };
export type ReadPathOptions = {
  // Quire's processes, whose CPU time per answered request each run reports.
  watch: readonly Watched[];
  seconds: number;
  fullSpeedConnections: number | undefined;
  rates: readonly number[];
  layers: readonly Layer[];
};

// GET /api/books/{isbn} at each layer, from the inside out: catalog's app port (with the token
// only its sidecar holds), catalog's own sidecar, the gateway's sidecar (the public path without
// the gateway app: catalog's access list lets the gateway GET /api/books), and the gateway.
export function readTargets(topology: Topology, isbn: string, catalog: AppTokens, gateway: AppTokens, publicUrl: string): Record<Layer, Target> {
  const app = (id: string) => topology.apps.find((a) => a.appID === id)!;
  const path = `/api/books/${isbn}`;
  const invoke = `/v1.0/invoke/catalog/method${path}`;
  const token = (value: string | undefined): Record<string, string> => (value ? { "dapr-api-token": value } : {});
  return {
    "app direct": { url: `http://127.0.0.1:${app("catalog").appPort}${path}`, headers: token(catalog.appToken) },
    "own sidecar": { url: `http://127.0.0.1:${app("catalog").daprHTTPPort}${invoke}`, headers: token(catalog.daprToken) },
    "two sidecars": { url: `http://127.0.0.1:${app("gateway").daprHTTPPort}${invoke}`, headers: token(gateway.daprToken) },
    "public gateway": { url: `${publicUrl}${path}`, headers: {} },
  };
}

export async function readPath(targets: Record<Layer, Target>, options: ReadPathOptions, progress: (line: string) => void): Promise<ReadResult[]> {
  const results: ReadResult[] = [];
  for (const layer of options.layers) {
    const target = targets[layer];
    // A short warm-up: connections open, JIT compiled, caches filled, before anything counts.
    await fullSpeed(target, 4, 2);
    const runs: [ReadMode, number, () => ReturnType<typeof fullSpeed>][] = [
      ...options.rates.map((rate) => [`${rate}/s` as ReadMode, 0, () => fixedRate(target, rate, options.seconds)] as [ReadMode, number, () => ReturnType<typeof fullSpeed>]),
    ];
    const connections = options.fullSpeedConnections;
    if (connections) runs.push(["full speed", connections, () => fullSpeed(target, connections, options.seconds)]);
    for (const [mode, connections, run] of runs) {
      const before = options.watch.map((p) => cpuMs(p.pid));
      const r = await run();
      const answered = r.throughput * r.seconds;
      const cpu = Object.fromEntries(options.watch.map((p, i) => [p.name, (cpuMs(p.pid) - before[i]!) / answered]));
      const result: ReadResult = { layer, mode, connections, seconds: r.seconds, throughput: r.throughput, p50: r.p50, p99: r.p99, failed: r.failed, cpu };
      progress(`${layer.padEnd(14)} ${mode.padEnd(10)} ${r.throughput.toFixed(0).padStart(6)}/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  not 2xx ${r.failed}`);
      results.push(result);
    }
  }
  return results;
}
