import type { SourceMap, SourceMapping } from "node:module";

// V8 CPU profiles (what `node --cpu-prof` writes, and the inspector's Profiler.stop answers):
// where the samples landed, by function and by package.
export type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number } }[];
  samples: number[];
  timeDeltas: number[];
};

// An app runs as one bundle (dist/main.js), so every frame says that file; its source map says
// whose code each one is. Frames move to their original file and line, resolved beside the bundle.
export function inSources(profile: CpuProfile, mapOf: (url: string) => SourceMap | undefined): CpuProfile {
  const nodes = profile.nodes.map((node) => {
    const { url, lineNumber, columnNumber = 0 } = node.callFrame;
    // An unmapped position gives an empty entry.
    const entry: Partial<SourceMapping> | undefined = url ? mapOf(url)?.findEntry(lineNumber, columnNumber) : undefined;
    if (entry?.originalSource === undefined || entry.originalLine === undefined) return node;
    return { ...node, callFrame: { ...node.callFrame, url: new URL(entry.originalSource, url).href, lineNumber: entry.originalLine } };
  });
  return { ...profile, nodes };
}

export type SelfTime = { name: string; ms: number; share: number };

// A sample's time is the gap to the next one (the last gets the mean gap; the first delta is
// from the profile's start, not between samples).
function sampleTimes(profile: CpuProfile): number[] {
  const deltas = profile.timeDeltas;
  const gaps = deltas.slice(1);
  const mean = gaps.reduce((s, d) => s + d, 0) / Math.max(1, gaps.length);
  return profile.samples.map((_, i) => (i + 1 < deltas.length ? deltas[i + 1]! : mean) / 1000);
}

// Where a frame's code comes from: an npm package, Node itself, the repository's own code, or
// V8's pseudo-frames ((garbage collector), (program), (idle)).
export function origin(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node (built-in)";
  const own = /\/(packages|services)\/([^/]+)\//.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
}

function top(profile: CpuProfile, key: (frame: CpuProfile["nodes"][number]["callFrame"]) => string, count: number): SelfTime[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const times = sampleTimes(profile);
  const total = times.reduce((s, t) => s + t, 0);
  const sums = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    if (!frame) return;
    const k = key(frame);
    sums.set(k, (sums.get(k) ?? 0) + times[i]!);
  });
  return [...sums.entries()]
    .map(([name, ms]) => ({ name, ms, share: ms / total }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count);
}

const shortUrl = (url: string) => url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/(packages|services)\//, "$1/");

export function topFunctions(profile: CpuProfile, count = 20): SelfTime[] {
  return top(profile, (f) => `${f.functionName || "(anonymous)"} ${f.url ? `${shortUrl(f.url)}:${f.lineNumber + 1}` : ""}`.trim(), count);
}

export function topOrigins(profile: CpuProfile, count = 15): SelfTime[] {
  return top(profile, (f) => origin(f.url, f.functionName), count);
}
