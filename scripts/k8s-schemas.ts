// Turns the Kubernetes OpenAPI (v2) document, api/openapi-spec/swagger.json of the k8s.io/kubernetes
// module, into the JSON schemas kubeconform reads: one file per kind, <kind>[-<group>]-<version>.json,
// each a $ref into _definitions.json. This is the layout and the "strict" rules of openapi2jsonschema,
// which makes kubeconform's published schemas (those download from GitHub, unreachable here): an
// object with properties allows no others (as kubectl's validation), int-or-string is a string or
// an integer. kubeconform itself does the validating. Used by scripts/deploy-tools.sh.
//   node --import tsx scripts/k8s-schemas.ts <swagger.json> <out-dir>
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Gvk = { group: string; version: string; kind: string };

function strict(node: Json): Json {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== "object") return node;
  if (node.format === "int-or-string") return { oneOf: [{ type: "string" }, { type: "integer" }] };
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) out[key] = key === "properties" ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strict(v as Json)])) : strict(value);
  if ("properties" in node && !("additionalProperties" in node)) out.additionalProperties = false;
  return out;
}

const [swaggerPath, outDir] = process.argv.slice(2);
if (!swaggerPath || !outDir) {
  console.error("usage: k8s-schemas.ts <swagger.json> <out-dir>");
  process.exit(2);
}
const swagger = JSON.parse(readFileSync(swaggerPath, "utf8")) as { definitions: Record<string, { [key: string]: Json }> };
mkdirSync(outDir, { recursive: true });
const definitions = Object.fromEntries(Object.entries(swagger.definitions).map(([name, schema]) => [name, strict(schema)]));
writeFileSync(join(outDir, "_definitions.json"), JSON.stringify({ definitions }));
let kinds = 0;
for (const [name, schema] of Object.entries(swagger.definitions)) {
  for (const { group, version, kind } of (schema["x-kubernetes-group-version-kind"] ?? []) as Gvk[]) {
    const file = `${kind}${group ? `-${group.split(".")[0]}` : ""}-${version}.json`.toLowerCase();
    writeFileSync(join(outDir, file), JSON.stringify({ $ref: `_definitions.json#/definitions/${name}` }));
    kinds++;
  }
}
console.log(`[schemas] ${kinds} Kubernetes kinds from ${Object.keys(definitions).length} definitions`);
