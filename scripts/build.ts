// Builds each service into one JavaScript file, services/<id>/dist/main.js: what `make run`, the
// system tests and the container images (Dockerfile) run. Everything is bundled, the workspace
// packages and the npm dependencies alike: an image then carries main.js and its assets, no
// node_modules, so it is small and holds exactly the code that was tested. Nothing Quire uses
// loads files by a computed path at run time (pino writes to stdout, no transport threads), which
// is what breaks a bundle; the assets the console and storefront read beside their code are
// copied to dist/. A bundle newer than everything that went into it is kept as it is.
//   node --import tsx scripts/build.ts [app-id ...]     (no id: every service)
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { repoRoot } from "./topology.ts";

const servicesDir = join(repoRoot, "services");
export const bundledServices = readdirSync(servicesDir).filter((id) => existsSync(join(servicesDir, id, "src/main.ts"))).sort();
// What each bundle was made from (esbuild's inputs, repository-relative), kept out of dist/ so
// that no image carries it.
const inputsDir = join(repoRoot, "node_modules/.cache/quire-build");

export async function buildServices(ids: string[] = bundledServices): Promise<void> {
  const stale = ids.filter((id) => !upToDate(id));
  if (stale.length < ids.length) console.log(`[build] up to date: ${ids.filter((id) => !stale.includes(id)).join(", ")}`);
  for (const id of stale) await bundle(id);
}

async function bundle(id: string): Promise<void> {
  const dir = join(servicesDir, id);
  const dist = join(dir, "dist");
  rmSync(dist, { recursive: true, force: true });
  const started = Date.now();
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [join(dir, "src/main.ts")],
    outfile: join(dist, "main.js"),
    bundle: true,
    platform: "node",
    target: "node24",
    format: "esm",
    // Not loaded by default (dapr/run.yaml, Dockerfile): Node would decode the whole map at start,
    // about 145 MB more per app. NODE_OPTIONS=--enable-source-maps maps stack traces to the TypeScript.
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
  mkdirSync(inputsDir, { recursive: true });
  writeFileSync(join(inputsDir, `${id}.json`), JSON.stringify(Object.keys(result.metafile.inputs)));
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  console.log(`[build] ${id.padEnd(13)} dist/main.js ${(bytes / 1024 / 1024).toFixed(1)} MiB (with source map) in ${Date.now() - started} ms`);
}

// Up to date: the bundle is newer than every input of its last build, every asset and this script.
// A new import shows up as a change to the file that imports it; a deleted input as a missing one.
function upToDate(id: string): boolean {
  const bundleFile = join(servicesDir, id, "dist/main.js");
  const inputsFile = join(inputsDir, `${id}.json`);
  if (!existsSync(bundleFile) || !existsSync(inputsFile)) return false;
  const built = statSync(bundleFile).mtimeMs;
  const assets = join(servicesDir, id, "src/assets");
  const inputs = [
    ...(JSON.parse(readFileSync(inputsFile, "utf8")) as string[]).map((input) => resolve(repoRoot, input)),
    ...(existsSync(assets) ? readdirSync(assets, { recursive: true, encoding: "utf8" }).map((name) => join(assets, name)) : []),
    fileURLToPath(import.meta.url),
  ];
  return inputs.every((input) => existsSync(input) && statSync(input).mtimeMs < built);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((id) => !bundledServices.includes(id));
  if (unknown.length) {
    console.error(`[build] unknown service ${unknown.join(", ")}; services: ${bundledServices.join(", ")}`);
    process.exit(2);
  }
  await buildServices(wanted.length ? wanted : bundledServices);
}
