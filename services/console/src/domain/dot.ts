import type { MapEdge, MapNode, ServiceMap } from "./service-map.ts";

// An edge failing this often is drawn in the warning colour.
export const FAILING_ERROR_RATE = 0.01;
export const WARNING_COLOUR = "#c0392b";
const INK = "#4a4a4a";

const shapes: Record<MapNode["kind"], string> = { app: "box", topic: "ellipse", store: "cylinder" };
const styles: Record<MapEdge["kind"], string> = { invoke: "solid", publish: "dashed", deliver: "dashed", state: "dotted" };

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
    const fill = n.kind === "app" ? "#eef3fb" : n.kind === "topic" ? "#fdf6e3" : "#eef7ee";
    lines.push(`  ${quote(n.id)} [label=${quote(label)}, shape=${shapes[n.kind]}, fillcolor="${fill}"];`);
  }
  for (const e of map.edges) {
    const failing = e.errorRate >= FAILING_ERROR_RATE;
    const colour = failing ? `, color="${WARNING_COLOUR}", fontcolor="${WARNING_COLOUR}", penwidth=2` : "";
    lines.push(`  ${quote(e.from)} -> ${quote(e.to)} [label=${quote(edgeLabel(e))}, style=${styles[e.kind]}${colour}];`);
  }
  lines.push("}");
  return lines.join("\n");
}

// "12.3/s · 0.5% err · p99 40 ms"
export function edgeLabel(e: MapEdge): string {
  const parts = [`${rate(e.rps)}/s`, `${percent(e.errorRate)} err`];
  if (e.p99Ms !== undefined) parts.push(`p99 ${e.p99Ms < 1 ? "<1" : Math.round(e.p99Ms)} ms`);
  return parts.join(" · ");
}

const rate = (rps: number) => (rps >= 100 ? String(Math.round(rps)) : rps >= 1 ? rps.toFixed(1) : String(Number(rps.toPrecision(2))));
const percent = (share: number) => (share === 0 ? "0%" : share < 0.001 ? "<0.1%" : `${(share * 100).toFixed(1)}%`);

// Names come from metric labels: quoted and escaped, so no label can break the graph's syntax.
const quote = (text: string) => `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[\r\n]+/g, " ")}"`;
