// Writes packages/contracts/schemas/<event>.json and <record>.json from the zod schemas,
// schemas/examples/<event>.json (one valid payload of each event) and asyncapi.json
// (npm run schemas -w @quire/contracts).
import { mkdirSync, writeFileSync } from "node:fs";
import { asyncApiDocument } from "../src/asyncapi.ts";
import { eventExamples } from "../src/examples.ts";
import { eventJsonSchemas, recordJsonSchemas } from "../src/json-schema.ts";

const write = (path: string, value: unknown) => writeFileSync(new URL(path, import.meta.url), `${JSON.stringify(value, null, 2)}\n`);

for (const [name, schema] of Object.entries({ ...eventJsonSchemas(), ...recordJsonSchemas() })) write(`../schemas/${name}.json`, schema);
mkdirSync(new URL("../schemas/examples/", import.meta.url), { recursive: true });
for (const [type, example] of Object.entries(eventExamples)) write(`../schemas/examples/${type}.json`, example);
write("../asyncapi.json", asyncApiDocument());
