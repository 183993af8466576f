import type { MapEdge, MapNode, ServiceMap } from "./service-map.ts";

// An edge failing this often is drawn in the warning colour.
export const FAILING_ERROR_RATE = 0.01;
export const WARNING_COLOUR = "#c0392b";
const INK = "#4a4a4a";

const shapes: Record<MapNode["kind"], string> = { app: "box", topic: "ellipse", store: "cylinder", secrets: "octagon" };
const styles: Record<MapEdge["kind"], string> = { invoke: "solid", publish: "dashed", deliver: "dashed", state: "dotted", secret: "dotted" };
const fills: Record<MapNode["kind"], string> = { app: "#eef3fb", topic: "#fdf6e3", store: "#eef7ee", secrets: "#f6eef7" };

// The service map as Graphviz DOT, laid out left to right: callers, then callees, topics and stores.
export function toDot(map: ServiceMap): string {
  const lines = [
    "digraph quire {",
    `  graph [rankdir=LR, bgcolor="transparent", fontname="Helvetica", nodesep=0.35, ranksep=1.1];`,
    `  node [fontname="Helvetica", fontsize=12, style=filled, fillcolor="#ffffff", color="${INK}"];`,
    `  edge [fontname="Helvetica", fontsize=9, color="${INK}", fontcolor="#333333", arrowsize=0.7];`,
  ];
  for (const n of map.nodes) {
    const label = n.kind === "app" && n.instances && n.instances > 1 ? `${n.label} ×${n.instances}` : n.label;
    lines.push(`  ${quote(n.id)} [label=${quote(label)}, shape=${shapes[n.kind]}, fillcolor="${fills[n.kind]}"];`);
  }
  for (const e of map.edges) {
    const failing = e.errorRate >= FAILING_ERROR_RATE;
    const colour = failing ? `, color="${WARNING_COLOUR}", fontcolor="${WARNING_COLOUR}", penwidth=2` : "";
    lines.push(`  ${quote(e.from)} -> ${quote(e.to)} [label=${quote(edgeLabel(e))}, style=${styles[e.kind]}${colour}];`);
  }
  lines.push("}");
  return lines.join("\n");
}

// "12.3/s · 0.5% err · p99 40 ms"; a secret store's "2 reads · 0% err" (since the sidecar started)
export function edgeLabel(e: MapEdge): string {
  const parts = [e.reads !== undefined ? `${Math.round(e.reads)} read${Math.round(e.reads) === 1 ? "" : "s"}` : `${rate(e.rps)}/s`, `${percent(e.errorRate)} err`];
  if (e.p99Ms !== undefined) parts.push(`p99 ${e.p99Ms < 1 ? "<1" : Math.round(e.p99Ms)} ms`);
  return parts.join(" · ");
}

const rate = (rps: number) => (rps >= 100 ? String(Math.round(rps)) : rps >= 1 ? rps.toFixed(1) : String(Number(rps.toPrecision(2))));
const percent = (share: number) => (share === 0 ? "0%" : share < 0.001 ? "<0.1%" : `${(share * 100).toFixed(1)}%`);

// Names come from metric labels: quoted and escaped, so no label can break the graph's syntax.
const quote = (text: string) => `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[\r\n]+/g, " ")}"`;
