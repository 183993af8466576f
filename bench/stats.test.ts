import { describe, expect, it } from "vitest";
import { percentile, summarize } from "./stats.ts";

describe("percentiles", () => {
  it.each([
    [50, 50],
    [99, 99],
    [100, 100],
    [1, 1],
  ])("p%i of 1..100 is %i", (p, expected) => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, p)).toBe(expected);
  });

  it("keeps fractions of a millisecond, in any order", () => {
    expect(summarize([0.31, 0.12, 0.25, 7.5])).toMatchObject({ count: 4, p50: 0.25, p99: 7.5 });
  });

  it("has no percentiles without samples", () => {
    expect(summarize([]).p50).toBeNaN();
  });
});
