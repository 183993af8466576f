import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { eventJsonSchemas, eventSchemas } from "../src/index.ts";

describe("event JSON Schemas", () => {
  it.each(Object.keys(eventSchemas))("schemas/%s.json is up to date with the zod schema", (type) => {
    const onDisk = JSON.parse(readFileSync(new URL(`../schemas/${type}.json`, import.meta.url), "utf8"));
    expect(onDisk, "run: npm run schemas -w @quire/contracts").toEqual(eventJsonSchemas()[type]);
  });

  it("rejects an event missing its order id", () => {
    expect(eventSchemas["order.paid"].safeParse({ userId: "u", at: new Date().toISOString(), totalCents: 1 }).success).toBe(false);
  });
});
