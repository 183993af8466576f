// Builds each service into one JavaScript file, services/<id>/dist/main.js, for the container
// images (Dockerfile) and any run without tsx. Everything is bundled, the workspace packages and
// the npm dependencies alike: an image then carries main.js and its assets, no node_modules, so
// it is small and holds exactly the code that was tested. Nothing Quire uses loads files by a
// computed path at run time (pino writes to stdout, no transport threads), which is what breaks
// a bundle; the assets the console and storefront read beside their code are copied to dist/.
//   node --import tsx scripts/build.ts [app-id ...]     (no id: every service)
import { cpSync, existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { repoRoot } from "./topology.ts";

const servicesDir = join(repoRoot, "services");
const all = readdirSync(servicesDir).filter((id) => existsSync(join(servicesDir, id, "src/main.ts"))).sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((id) => !all.includes(id));
if (unknown.length) {
  console.error(`[build] unknown service ${unknown.join(", ")}; services: ${all.join(", ")}`);
  process.exit(2);
}

for (const id of wanted.length ? wanted : all) {
  const dir = join(servicesDir, id);
  const dist = join(dir, "dist");
  rmSync(dist, { recursive: true, force: true });
  const started = Date.now();
  const result = await build({
    entryPoints: [join(dir, "src/main.ts")],
    outfile: join(dist, "main.js"),
    bundle: true,
    platform: "node",
    target: "node24",
    format: "esm",
    sourcemap: "linked",
    // The same JSX runtime tsconfig.json names (the storefront's pages are hono/jsx).
    jsx: "automatic",
    jsxImportSource: "hono/jsx",
    // CommonJS dependencies (the Dapr SDK, gRPC) call require() for Node's modules; an ES module
    // has no require of its own, so the bundle makes one.
    banner: { js: 'import { createRequire as __quireRequire } from "node:module"; const require = __quireRequire(import.meta.url);' },
    logLevel: "warning",
    metafile: true,
  });
  const assets = join(dir, "src/assets");
  if (existsSync(assets)) cpSync(assets, join(dist, "assets"), { recursive: true });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  console.log(`[build] ${id.padEnd(13)} dist/main.js ${(bytes / 1024 / 1024).toFixed(1)} MiB (with source map) in ${Date.now() - started} ms`);
}
