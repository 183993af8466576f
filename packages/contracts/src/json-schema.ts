import { z } from "zod";
import { eventSchemas } from "./events.ts";

// The same event shapes as JSON Schema, for services written in other languages.
export function eventJsonSchemas(): Record<string, object> {
  return Object.fromEntries(Object.entries(eventSchemas).map(([type, schema]) => [type, { $id: `urn:quire:event:${type}`, ...z.toJSONSchema(schema) }]));
}
