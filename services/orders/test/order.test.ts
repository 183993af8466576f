import { describe, expect, it } from "vitest";
import { canMove, orderSchema } from "../src/domain/order.ts";

const stored = { id: "o-1", userId: "u-1", status: "cancelled", items: [], totalCents: 0, createdAt: "t", updatedAt: "t" };

describe("an order as stored", () => {
  it.each([
    ["the payment provider is unavailable; nothing was charged", "payment unavailable"],
    ["the order could not be completed; the payment was refunded", "not completed"],
    ["out of stock", "out of stock"],
  ])("reads the reason %j, from before reasons were codes, as %j", (reason, code) => {
    expect(orderSchema.parse({ ...stored, reason }).reason).toBe(code);
  });

  it("refuses a reason that is not a code", () => {
    expect(orderSchema.safeParse({ ...stored, reason: "because" }).success).toBe(false);
  });

  it.each([
    ["needs-attention", "cancelled", true],
    ["needs-attention", "paid", false],
    ["cancelled", "needs-attention", false],
    ["shipped", "cancelled", false],
  ] as const)("%s → %s allowed: %s", (from, to, allowed) => {
    expect(canMove(from, to)).toBe(allowed);
  });
});
