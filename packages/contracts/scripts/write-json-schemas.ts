// Writes packages/contracts/schemas/<event>.json and packages/contracts/asyncapi.json from the zod
// schemas (npm run schemas -w @quire/contracts).
import { writeFileSync } from "node:fs";
import { asyncApiDocument } from "../src/asyncapi.ts";
import { eventJsonSchemas } from "../src/json-schema.ts";

const write = (path: string, value: unknown) => writeFileSync(new URL(path, import.meta.url), `${JSON.stringify(value, null, 2)}\n`);

for (const [type, schema] of Object.entries(eventJsonSchemas())) write(`../schemas/${type}.json`, schema);
write("../asyncapi.json", asyncApiDocument());
