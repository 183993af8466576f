import { describe, expect, it } from "vitest";
import { TEST_CARDS } from "../src/adapters/simulated-provider.ts";
import { setup, type ChargeBody } from "./payments-harness.ts";

// The provider answers after 30 ms here, so racing requests really overlap its call.
describe("racing requests for one order", () => {
  it("take money once when 10 identical charges arrive at once", async () => {
    const { charge, provider, payments } = setup({ delayMs: 30 });
    const responses = await Promise.all(Array.from({ length: 10 }, () => charge("o1")));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as ChargeBody[];
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(bodies.map((b) => b.chargeId)).size).toBe(1);
    expect(provider.calls).toHaveLength(1);
    expect(provider.approvals).toBe(1);
    expect(await payments.get("o1")).toMatchObject({ attempts: 1, status: "succeeded" });
  });

  it("answer 503 to a request that waited too long on another's attempt", async () => {
    const { charge, provider } = setup({ delayMs: 200, timings: { waitMs: 40 } });
    const [first, second] = await Promise.all([charge("o1"), new Promise((r) => setTimeout(r, 5)).then(() => charge("o1"))]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(503);
    expect(provider.calls).toHaveLength(1);
  });

  it("refund waits for an attempt in flight, so money taken by it is given back", async () => {
    const { charge, refund } = setup({ delayMs: 30 });
    const charging = charge("o1");
    await new Promise((r) => setTimeout(r, 5));
    expect(await (await refund("o1")).json()).toEqual({ orderId: "o1", status: "refunded" });
    expect((await charging).status).toBe(200);
  });

  it("take over an attempt whose holder died, once its claim is stale", async () => {
    let clock = Date.parse("2026-01-01T00:00:00Z");
    const { state, charge, provider, payments } = setup({ timings: { leaseMs: 30_000 }, now: () => clock });
    const at = new Date(clock).toISOString();
    await state.save("charge:o1", { orderId: "o1", amountCents: 1000, last4: "4242", attempts: 1, attemptStartedAt: at, createdAt: at, updatedAt: at });
    clock += 31_000;
    expect((await charge("o1", TEST_CARDS.pays)).status).toBe(200);
    expect(provider.calls).toEqual([{ cardNumber: TEST_CARDS.pays, attempt: 2, outcome: "approved" }]);
    expect(await payments.get("o1")).not.toHaveProperty("attemptStartedAt");
  });
});
