import type { Metrics, Sample } from "../adapters/prometheus.ts";
import { grewWithin } from "./window.ts";

export type NodeKind = "app" | "topic" | "store" | "secrets";
export type EdgeKind = "invoke" | "publish" | "deliver" | "state" | "secret";
export type MapNode = { id: string; kind: NodeKind; label: string; instances?: number };
// Secret reads happen once, at an app's start, so they are counted since the sidecar started
// (`reads`) rather than per second over the window.
export type MapEdge = { from: string; to: string; kind: EdgeKind; rps: number; errorRate: number; p99Ms?: number; reads?: number };
export type ServiceMap = { nodes: MapNode[]; edges: MapEdge[] };

// What the sidecars' own metrics say about the last five minutes, per second. Counters restart
// with their daprd, so only growth within a window means anything. On the caller, res_recv's
// src_app_id is the callee: the same pair as req_sent's (app_id, dst_app_id).
const WINDOW_SECONDS = 300;
const perSecond = (by: string, metric: string) => `sum by (${by}) (${grewWithin(metric, "5m")}) / ${WINDOW_SECONDS}`;
export const mapQueries = {
  invokes: perSecond("app_id, dst_app_id", "dapr_runtime_service_invocation_req_sent_total"),
  responses: perSecond("app_id, src_app_id, status", "dapr_runtime_service_invocation_res_recv_total"),
  p99: `histogram_quantile(0.99, sum by (le, app_id, src_app_id) (${grewWithin("dapr_runtime_service_invocation_res_recv_latency_ms_bucket", "5m")}))`,
  publishes: perSecond("app_id, topic, success", "dapr_component_pubsub_egress_count"),
  deliveries: perSecond("app_id, topic, process_status", "dapr_component_pubsub_ingress_count"),
  stateOps: perSecond("app_id, component, success", "dapr_component_state_count"),
  secretReads: "sum by (app_id, component, success) (dapr_component_secret_count)",
  // One series per running sidecar, whatever it has done so far.
  instances: "count by (app_id) (dapr_resiliency_loaded)",
} as const;

export type MapSamples = Record<keyof typeof mapQueries, Sample[]>;

export async function buildServiceMap(metrics: Metrics): Promise<ServiceMap> {
  const names = Object.keys(mapQueries) as (keyof typeof mapQueries)[];
  const results = await Promise.all(names.map((name) => metrics.query(mapQueries[name])));
  return assembleServiceMap(Object.fromEntries(names.map((name, i) => [name, results[i]!])) as MapSamples);
}

export const topicId = (topic: string) => `topic:${topic}`;
export const storeId = (component: string) => `store:${component}`;
export const secretStoreId = (component: string) => `secrets:${component}`;

type Tally = { edge: MapEdge; total: number; failed: number };

// Samples → graph, kept apart from the querying so it can be tested on plain data.
export function assembleServiceMap(samples: MapSamples): ServiceMap {
  const tallies = new Map<string, Tally>();
  const tally = (kind: EdgeKind, from: string, to: string) => {
    const key = `${kind} ${from} ${to}`;
    let found = tallies.get(key);
    if (!found) tallies.set(key, (found = { edge: { from, to, kind, rps: 0, errorRate: 0 }, total: 0, failed: 0 }));
    return found;
  };
  const label = (s: Sample, name: string) => s.metric[name] ?? "";
  // Each sample is counted once, towards the edge's traffic and, when it failed, its errors.
  const count = (t: Tally, value: number, failed: boolean) => {
    t.edge.rps += value;
    t.total += value;
    if (failed) t.failed += value;
  };

  // An invocation fails unless it is answered 2xx: a call the callee's access list refuses gets no
  // answer at all (daprd counts only answers it received), so the share comes from the calls sent.
  const answeredOk = new Map<Tally, number>();
  for (const s of samples.invokes) tally("invoke", label(s, "app_id"), label(s, "dst_app_id")).edge.rps += s.value;
  for (const s of samples.responses) {
    const t = tally("invoke", label(s, "app_id"), label(s, "src_app_id"));
    if (/^2\d\d$/.test(label(s, "status"))) answeredOk.set(t, (answeredOk.get(t) ?? 0) + s.value);
  }
  for (const t of tallies.values()) {
    if (t.edge.kind !== "invoke") continue;
    t.total = t.edge.rps;
    t.failed = Math.max(0, t.edge.rps - (answeredOk.get(t) ?? 0));
  }
  for (const s of samples.p99) {
    // NaN when there were no answers in the window: no latency to show.
    if (Number.isFinite(s.value)) tally("invoke", label(s, "app_id"), label(s, "src_app_id")).edge.p99Ms = s.value;
  }
  for (const s of samples.publishes) count(tally("publish", label(s, "app_id"), topicId(label(s, "topic"))), s.value, label(s, "success") === "false");
  // retry and drop both mean the subscriber did not take the message this time.
  for (const s of samples.deliveries) count(tally("deliver", topicId(label(s, "topic")), label(s, "app_id")), s.value, label(s, "process_status") !== "success");
  for (const s of samples.stateOps) count(tally("state", label(s, "app_id"), storeId(label(s, "component"))), s.value, label(s, "success") === "false");

  for (const s of samples.secretReads) {
    const t = tally("secret", label(s, "app_id"), secretStoreId(label(s, "component")));
    t.edge.reads = (t.edge.reads ?? 0) + s.value;
    t.total += s.value;
    if (label(s, "success") === "false") t.failed += s.value;
  }

  const edges = [...tallies.values()]
    .filter((t) => t.edge.rps > 0 || (t.edge.reads ?? 0) > 0)
    .map(({ edge, total, failed }) => ({ ...edge, errorRate: total > 0 ? failed / total : 0 }))
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.kind.localeCompare(b.kind));

  const nodes = new Map<string, MapNode>();
  const node = (id: string) => {
    if (nodes.has(id)) return;
    if (id.startsWith("topic:")) nodes.set(id, { id, kind: "topic", label: id.slice("topic:".length) });
    else if (id.startsWith("store:")) nodes.set(id, { id, kind: "store", label: id.slice("store:".length) });
    else if (id.startsWith("secrets:")) nodes.set(id, { id, kind: "secrets", label: id.slice("secrets:".length) });
    else nodes.set(id, { id, kind: "app", label: id });
  };
  // An app with a sidecar but no traffic in the window is still on the map, standing alone.
  for (const s of samples.instances) {
    const id = label(s, "app_id");
    nodes.set(id, { id, kind: "app", label: id, instances: s.value });
  }
  for (const e of edges) [e.from, e.to].forEach(node);
  const order: Record<NodeKind, number> = { app: 0, topic: 1, store: 2, secrets: 3 };
  return { nodes: [...nodes.values()].sort((a, b) => order[a.kind] - order[b.kind] || a.label.localeCompare(b.label)), edges };
}
