import { z } from "zod";
import { bookSchema } from "./book.ts";
import { eventSchemas } from "./events.ts";

// The same event shapes as JSON Schema, for services written in other languages.
export function eventJsonSchemas(): Record<string, object> {
  return Object.fromEntries(Object.entries(eventSchemas).map(([type, schema]) => [type, { $id: `urn:quire:event:${type}`, ...z.toJSONSchema(schema) }]));
}

// The records other services read back from an owner, as JSON Schema: a Book, as catalog answers it.
// (A zod refinement, such as the ISBN's check digit, has no JSON Schema form: a reader in another
// language checks the digit itself.)
export function recordJsonSchemas(): Record<string, object> {
  return { book: { $id: "urn:quire:record:book", ...z.toJSONSchema(bookSchema) } };
}
