import { SourceMap } from "node:module";
import { describe, expect, it } from "vitest";
import { inSources, origin, topFunctions, topOrigins, type CpuProfile } from "./cpu-profile.ts";

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });
// Three frames; samples every 1 ms: pino's write 3 times, hono's dispatch once, GC twice.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("write", "file:///x/node_modules/pino/lib/proto.js", 9) },
    { id: 2, callFrame: frame("dispatch", "file:///x/node_modules/hono/dist/compose.js") },
    { id: 3, callFrame: frame("(garbage collector)", "") },
  ],
  samples: [1, 1, 1, 2, 3, 3],
  timeDeltas: [0, 1000, 1000, 1000, 1000, 1000],
};

describe("CPU profile summary", () => {
  it("ranks functions by self time, with their file and line", () => {
    const [first] = topFunctions(profile);
    expect(first).toMatchObject({ name: "write pino/lib/proto.js:10", ms: 3, share: 0.5 });
  });

  it("adds up self time per package", () => {
    expect(topOrigins(profile).map((r) => [r.name, r.ms])).toEqual([
      ["pino", 3],
      ["(garbage collector)", 2],
      ["hono", 1],
    ]);
  });

  it("finds a bundle's frames in the sources its map names", () => {
    const bundle = "file:///r/services/gateway/dist/main.js";
    // Line 1 of the bundle is pino's first line, line 2 the gateway's own second line.
    const map = new SourceMap({ version: 3, file: "main.js", sources: ["../../../node_modules/pino/lib/proto.js", "../src/app.ts"], names: [], mappings: "AAAA;ACCA", sourcesContent: [], sourceRoot: "" });
    const bundled: CpuProfile = { nodes: [{ id: 1, callFrame: frame("write", bundle, 0) }, { id: 2, callFrame: frame("handle", bundle, 1) }, { id: 3, callFrame: frame("(idle)", "") }], samples: [1, 1, 2, 3], timeDeltas: [0, 1000, 1000, 1000] };
    const mapped = inSources(bundled, (url) => (url === bundle ? map : undefined));
    expect(mapped.nodes.map((n) => [n.callFrame.url, n.callFrame.lineNumber])).toEqual([
      ["file:///r/node_modules/pino/lib/proto.js", 0],
      ["file:///r/services/gateway/src/app.ts", 1],
      ["", 0],
    ]);
    expect(topOrigins(mapped).map((r) => r.name)).toEqual(["pino", "services/gateway", "(idle)"]);
  });

  it.each([
    ["file:///r/node_modules/@hono/node-server/dist/index.mjs", "x", "@hono/node-server"],
    ["node:internal/streams/writable", "x", "node (built-in)"],
    ["file:///r/services/gateway/src/routes/relay.ts", "relay", "services/gateway"],
    ["", "(program)", "(program)"],
  ])("%s is from %s", (url, fn, expected) => {
    expect(origin(url, fn)).toBe(expected);
  });
});
