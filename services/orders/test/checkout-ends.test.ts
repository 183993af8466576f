import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INITIAL, world, type Failure, type FailingStep } from "./world.ts";

const f = (step: FailingStep, when: Failure["when"] = "before"): Failure => ({ step, when });
const AFTER = INITIAL - 2; // the order is for 2 copies

// Every step failing for good, in turn (before it changed anything, or after, its answer lost),
// and what the shopper and the shop are left with when the saga ends.
describe("every checkout ends: paid, cancelled, or needs-attention with what remains to undo", () => {
  it.each([
    ["nothing fails", [], {}, { order: "paid", onHand: AFTER, held: 0, sold: 2, charge: "succeeded" }],
    ["the card is declined", [], { declined: true }, { order: "cancelled", reason: "card declined", onHand: INITIAL, held: 0, sold: 0, charge: "declined" }],
    ["record", [f("record")], {}, { order: "cancelled", reason: "not completed", onHand: INITIAL, held: 0, sold: 0, charge: undefined }],
    ["record, after writing", [f("record", "after")], {}, { order: "cancelled", reason: "not completed", onHand: INITIAL, held: 0, sold: 0, charge: undefined }],
    ["reserve", [f("reserve")], {}, { order: "cancelled", reason: "not completed", onHand: INITIAL, held: 0, sold: 0, charge: undefined }],
    ["reserve, after holding", [f("reserve", "after")], {}, { order: "cancelled", reason: "not completed", onHand: INITIAL, held: 0, sold: 0, charge: undefined }],
    ["charge", [f("charge")], {}, { order: "cancelled", reason: "payment unavailable", onHand: INITIAL, held: 0, sold: 0, charge: undefined }],
    ["charge, after charging", [f("charge", "after")], {}, { order: "cancelled", reason: "payment unavailable", onHand: INITIAL, held: 0, sold: 0, charge: "refunded" }],
    ["commit", [f("commit")], {}, { order: "cancelled", reason: "not completed", onHand: INITIAL, held: 0, sold: 0, charge: "refunded" }],
    ["commit, after selling", [f("commit", "after")], {}, { order: "cancelled", reason: "not completed", onHand: INITIAL, held: 0, sold: 0, charge: "refunded" }],
    ["mark paid", [f("mark paid")], {}, { order: "cancelled", reason: "not completed", onHand: INITIAL, held: 0, sold: 0, charge: "refunded" }],
    ["mark paid, after writing", [f("mark paid", "after")], {}, { order: "cancelled", reason: "not completed", onHand: INITIAL, held: 0, sold: 0, charge: "refunded" }],
    ["release (after a failed charge)", [f("charge"), f("release")], {}, { order: "needs-attention", reason: "payment unavailable", pending: ["release-reservation"], onHand: INITIAL, held: 2, sold: 0, charge: undefined }],
    ["refund (after a failed mark paid)", [f("mark paid"), f("refund")], {}, { order: "needs-attention", reason: "not completed", pending: ["refund"], onHand: INITIAL, held: 0, sold: 0, charge: "succeeded" }],
    ["return stock (after a failed mark paid)", [f("mark paid"), f("return stock")], {}, { order: "needs-attention", reason: "not completed", pending: ["return-stock"], onHand: AFTER, held: 0, sold: 2, charge: "refunded" }],
    ["refund and return stock", [f("mark paid"), f("refund"), f("return stock")], {}, { order: "needs-attention", reason: "not completed", pending: ["refund", "return-stock"], onHand: AFTER, held: 0, sold: 2, charge: "succeeded" }],
  ] as const)("%s fails", async (_case, failures, options, expected) => {
    const w = world([...failures], options);
    expect((await w.run()).result).toBe(expected.order);
    expect(await w.state()).toEqual({ reason: undefined, pending: undefined, ...expected });
    const announced = w.events.published.map((e) => e.type);
    if (expected.order === "cancelled") expect(announced.filter((t) => t === "order.cancelled")).toHaveLength(1);
    if (expected.order !== "paid") expect(announced).not.toContain("order.paid");
  });
});

describe("the attention sweep", () => {
  it.each([
    ["release", [f("charge"), f("release")], undefined],
    ["refund", [f("mark paid"), f("refund")], "refunded"],
    ["return stock", [f("mark paid"), f("return stock")], "refunded"],
    ["refund and return stock", [f("mark paid"), f("refund"), f("return stock")], "refunded"],
  ] as const)("finishes undoing (%s) once it can, then cancels the order and says so", async (_case, failures, charge) => {
    const w = world([...failures]);
    await w.run();
    // Still failing: the order keeps waiting, with what remains, and the sweep says it failed.
    await expect(w.sweep()).rejects.toThrow(/still need attention/);
    expect((await w.state()).order).toBe("needs-attention");
    w.heal();
    expect(await w.sweep()).toEqual({ cancelled: 1, remaining: 0 });
    expect(await w.state()).toMatchObject({ order: "cancelled", pending: undefined, onHand: INITIAL, held: 0, sold: 0, charge });
    expect(w.events.published.filter((e) => e.type === "order.cancelled")).toHaveLength(1);
    expect(await w.sweep()).toEqual({ cancelled: 0, remaining: 0 });
    expect(await w.orders.needingAttention()).toEqual([]);
  });

  it("keeps each undo step it finished, so a later sweep does only what is left", async () => {
    const w = world([f("mark paid"), f("refund"), f("return stock")]);
    await w.run();
    w.heal("refund");
    await expect(w.sweep()).rejects.toThrow(/still need attention/);
    expect(await w.state()).toMatchObject({ order: "needs-attention", pending: ["return-stock"], charge: "refunded", sold: 2 });
    w.heal();
    expect(await w.sweep()).toEqual({ cancelled: 1, remaining: 0 });
    expect(await w.state()).toMatchObject({ order: "cancelled", reason: "not completed", onHand: INITIAL, charge: "refunded" });
  });
});

// Stock and money are conserved whatever fails, and however: on hand + sold = initial, nothing
// stays held unless releasing it is what remains, no charge stands on an order that is not paid
// unless refunding it is what remains; once the sweep can finish, every order is paid or cancelled.
describe("conservation over random failures", () => {
  const steps: FailingStep[] = ["record", "reserve", "charge", "commit", "mark paid", "release", "refund", "return stock"];
  const failures = fc.uniqueArray(fc.record({ step: fc.constantFrom(...steps), when: fc.constantFrom("before" as const, "after" as const) }), { selector: (x) => x.step });

  it("holds after the saga, and after the sweep", async () => {
    await fc.assert(
      fc.asyncProperty(failures, fc.boolean(), async (planned, declined) => {
        const w = world(planned, { declined });
        await w.run();
        const s = await w.state();
        expect(["paid", "cancelled", "needs-attention"]).toContain(s.order);
        expect(s.onHand + s.sold).toBe(INITIAL);
        if (s.held > 0) expect(s.pending).toContain("release-reservation");
        if (s.charge === "succeeded" && s.order !== "paid") expect(s.pending).toContain("refund");
        if (s.sold > 0 && s.order !== "paid") expect(s.pending).toContain("return-stock");

        w.heal();
        await w.sweep();
        const end = await w.state();
        expect(["paid", "cancelled"]).toContain(end.order);
        expect([end.held, end.onHand + end.sold]).toEqual([0, INITIAL]);
        if (end.order === "cancelled") expect([end.onHand, end.charge === "succeeded"]).toEqual([INITIAL, false]);
      }),
      { numRuns: 200 },
    );
  });
});
