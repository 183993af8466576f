import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { API_TYPES, apiTypes } from "../../../scripts/api-types.ts";

// The pages' types come from the API's document: stale ones would let a page drift from the API.
describe("the storefront's API types", () => {
  it("src/adapters/api-types.ts is generated from the current OpenAPI document", async () => {
    expect(readFileSync(API_TYPES, "utf8"), "run: npm run api-types").toBe(await apiTypes());
  });
});
