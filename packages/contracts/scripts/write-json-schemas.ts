// Writes packages/contracts/schemas/<event>.json from the zod schemas, and one valid example of
// each event's data to schemas/examples/<event>.json (npm run schemas -w @quire/contracts).
import { mkdirSync, writeFileSync } from "node:fs";
import { eventExamples } from "../src/examples.ts";
import { eventJsonSchemas } from "../src/json-schema.ts";

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

for (const [type, schema] of Object.entries(eventJsonSchemas())) {
  writeFileSync(new URL(`../schemas/${type}.json`, import.meta.url), json(schema));
}
mkdirSync(new URL("../schemas/examples/", import.meta.url), { recursive: true });
for (const [type, example] of Object.entries(eventExamples)) {
  writeFileSync(new URL(`../schemas/examples/${type}.json`, import.meta.url), json(example));
}
