import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { eventExamples, eventSchemas } from "../src/index.ts";

const examplesDir = new URL("../schemas/examples/", import.meta.url);

// The examples other languages test against: valid by the zod contract, and on disk as written.
describe("event examples", () => {
  it.each(Object.keys(eventSchemas) as (keyof typeof eventSchemas)[])("the %s example follows its zod schema", (type) => {
    const parsed = eventSchemas[type].safeParse(eventExamples[type]);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it.each(Object.keys(eventSchemas))("schemas/examples/%s.json is up to date", (type) => {
    const onDisk = JSON.parse(readFileSync(new URL(`${type}.json`, examplesDir), "utf8"));
    expect(onDisk, "run: npm run schemas -w @quire/contracts").toEqual(eventExamples[type as keyof typeof eventExamples]);
  });

  it("has one file per event type and no other", () => {
    expect(readdirSync(examplesDir).sort()).toEqual(Object.keys(eventSchemas).map((type) => `${type}.json`).sort());
  });
});
