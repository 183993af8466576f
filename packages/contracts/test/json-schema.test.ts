import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { eventExamples, eventJsonSchemas, eventSchemas, recordJsonSchemas, type EventType } from "../src/index.ts";

const onDisk = (path: string) => JSON.parse(readFileSync(new URL(`../schemas/${path}`, import.meta.url), "utf8"));

describe("event JSON Schemas", () => {
  it.each(Object.keys(eventSchemas))("schemas/%s.json is up to date with the zod schema", (type) => {
    expect(onDisk(`${type}.json`), "run: npm run schemas -w @quire/contracts").toEqual(eventJsonSchemas()[type]);
  });

  it.each(Object.keys(recordJsonSchemas()))("schemas/%s.json is up to date with the zod schema", (name) => {
    expect(onDisk(`${name}.json`), "run: npm run schemas -w @quire/contracts").toEqual(recordJsonSchemas()[name]);
  });

  // Other languages test against these files: they must be what the contract accepts, and current.
  it.each(Object.keys(eventSchemas) as EventType[])("schemas/examples/%s.json is a valid payload, up to date", (type) => {
    expect(eventSchemas[type].parse(eventExamples[type])).toEqual(eventExamples[type]);
    expect(onDisk(`examples/${type}.json`), "run: npm run schemas -w @quire/contracts").toEqual(eventExamples[type]);
  });

  it("rejects an event missing its order id", () => {
    expect(eventSchemas["order.paid"].safeParse({ userId: "u", at: new Date().toISOString(), totalCents: 1 }).success).toBe(false);
  });

  it("rejects an order.paid without the books it paid for", () => {
    const { items: _, ...withoutItems } = eventExamples["order.paid"];
    expect(eventSchemas["order.paid"].safeParse(withoutItems).success).toBe(false);
    expect(eventSchemas["order.paid"].safeParse({ ...withoutItems, items: [] }).success).toBe(false);
  });
});
