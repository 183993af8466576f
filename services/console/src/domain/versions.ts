import type { Metrics, Sample } from "../adapters/prometheus.ts";

// What each scraped process says it is: apps report quire_build_info (their version and Node's);
// daprd and the control plane report only their Go runtime (go_info), so their Dapr version comes
// from the console's own sidecar (every process of a run is started from one Dapr install).
export const versionQueries = { apps: "quire_build_info", go: "go_info" } as const;

export async function versionsByInstance(metrics: Metrics, daprVersion: string | undefined): Promise<Map<string, string>> {
  const [apps, go] = await Promise.all([metrics.query(versionQueries.apps), metrics.query(versionQueries.go)]);
  return describeVersions(apps, go, daprVersion);
}

export function describeVersions(apps: Sample[], go: Sample[], daprVersion: string | undefined): Map<string, string> {
  const versions = new Map<string, string>();
  for (const s of go) versions.set(s.metric.instance ?? "", `Dapr ${daprVersion ?? "?"} · ${s.metric.version ?? "Go ?"}`);
  for (const s of apps) versions.set(s.metric.instance ?? "", `${s.metric.service ?? "app"} ${s.metric.version ?? "?"} · ${s.metric.runtime ?? "?"}`);
  return versions;
}
