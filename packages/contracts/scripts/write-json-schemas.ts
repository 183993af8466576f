// Writes packages/contracts/schemas/<event>.json from the zod schemas (npm run schemas -w @quire/contracts).
import { writeFileSync } from "node:fs";
import { eventJsonSchemas } from "../src/json-schema.ts";

for (const [type, schema] of Object.entries(eventJsonSchemas())) {
  writeFileSync(new URL(`../schemas/${type}.json`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
}
