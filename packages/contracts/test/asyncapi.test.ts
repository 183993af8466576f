import { readFileSync } from "node:fs";
import { Parser } from "@asyncapi/parser";
import { beforeAll, describe, expect, it } from "vitest";
import { asyncApiDocument, DEAD_LETTER_TOPICS, eventSchemas, TOPICS } from "../src/index.ts";

// @asyncapi/parser's DiagnosticSeverity.Error (its diagnostics are Spectral's).
const ERROR = 0;

describe("the AsyncAPI document", () => {
  // One parse for the checks below: the parser (Spectral underneath) takes seconds on a busy machine.
  let parsed: Awaited<ReturnType<Parser["parse"]>>;
  beforeAll(async () => {
    parsed = await new Parser().parse(JSON.stringify(asyncApiDocument()));
  }, 60_000);

  it("asyncapi.json is up to date with the zod schemas", () => {
    const onDisk = JSON.parse(readFileSync(new URL("../asyncapi.json", import.meta.url), "utf8"));
    expect(onDisk, "run: npm run schemas -w @quire/contracts").toEqual(asyncApiDocument());
  });

  it("is a valid AsyncAPI 3 document: no diagnostic of error severity", () => {
    const { document, diagnostics } = parsed;
    expect(diagnostics.filter((d) => d.severity === ERROR).map((d) => `${d.path.join(".")}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toBe("3.0.0");
  });

  it("has a channel for every topic and dead-letter topic, and a message for every event", () => {
    const { document } = parsed;
    expect(document!.channels().all().map((c) => c.address()).sort()).toEqual([...Object.values(TOPICS), ...DEAD_LETTER_TOPICS].sort());
    expect(document!.components().messages().all().map((m) => m.id()).sort()).toEqual(Object.keys(eventSchemas).sort());
  });
});
