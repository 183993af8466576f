import { describe, expect, it } from "vitest";
import { isTransient, retryTransient } from "../src/transient.ts";

describe("transient failures", () => {
  it.each([
    ["Error 1213: Deadlock found when trying to get lock; try restarting transaction", true],
    ["Error 1467 (HY000): Failed to read auto-increment value from storage engine", true],
    ["database is locked", true],
    ["inbox key 'inbox-000000' declared in metadata but missing from state store (transient store read failure or partial save?)", true],
    ["Error 1062: Duplicate entry", false],
    ["possible etag mismatch", false],
  ])("%s → transient %s (also as the cause of another error)", (message, expected) => {
    expect(isTransient(new Error(message))).toBe(expected);
    expect(isTransient(new Error("Saving x failed", { cause: new Error(message) }))).toBe(expected);
  });

  it("tries a transient failure again and returns the answer", async () => {
    let calls = 0;
    const answer = await retryTransient(async () => {
      if (++calls < 3) throw new Error("Deadlock found");
      return "done";
    });
    expect([answer, calls]).toEqual(["done", 3]);
  });

  it("gives up after the last try, and at once on anything else", async () => {
    let calls = 0;
    await expect(retryTransient(async () => { calls++; throw new Error("Deadlock found"); }, 3)).rejects.toThrow("Deadlock");
    expect(calls).toBe(3);
    calls = 0;
    await expect(retryTransient(async () => { calls++; throw new Error("bad input"); })).rejects.toThrow("bad input");
    expect(calls).toBe(1);
  });
});
