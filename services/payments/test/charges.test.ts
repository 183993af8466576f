import { describe, expect, it } from "vitest";
import { SimulatedProvider, TEST_CARDS } from "../src/adapters/simulated-provider.ts";
import { setup, type ChargeBody } from "./payments-harness.ts";

const body = async (res: Response) => (await res.json()) as ChargeBody & { detail?: string; errors?: Record<string, string[]> };

describe("charging a card", () => {
  it("pays with the paying test card", async () => {
    const { charge, provider } = setup();
    const res = await charge("o1");
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ orderId: "o1", amountCents: 1000, last4: "4242", status: "succeeded", attempts: 1, chargeId: expect.any(String) });
    expect(provider.approvals).toBe(1);
  });

  it("answers the same charge again for the same order id, taking money once", async () => {
    const { charge, provider } = setup();
    const first = await body(await charge("o1"));
    const again = await body(await charge("o1"));
    expect(again.chargeId).toBe(first.chargeId);
    expect(provider.calls).toHaveLength(1);
  });

  it("declines with 402, and a replay is the same 402 without asking the provider again", async () => {
    const { charge, payments, provider } = setup();
    const res = await charge("o1", TEST_CARDS.declined);
    expect(res.status).toBe(402);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await body(res)).detail).toBe("card declined");
    expect((await charge("o1", TEST_CARDS.declined)).status).toBe(402);
    expect(await payments.get("o1")).toMatchObject({ status: "declined", attempts: 1 });
    expect(provider.calls).toHaveLength(1);
  });

  it("fails the transient card with 503 twice, then charges it once on the third call", async () => {
    const { charge, payments, provider } = setup();
    expect((await charge("o1", TEST_CARDS.transient)).status).toBe(503);
    expect(await payments.get("o1")).not.toHaveProperty("status");
    expect((await charge("o1", TEST_CARDS.transient)).status).toBe(503);
    const third = await charge("o1", TEST_CARDS.transient);
    expect(third.status).toBe(200);
    const { chargeId } = await body(third);
    expect((await body(await charge("o1", TEST_CARDS.transient))).chargeId).toBe(chargeId);
    expect(await payments.get("o1")).toMatchObject({ status: "succeeded", attempts: 3, chargeId });
    expect(provider.approvals).toBe(1);
  });

  it("refuses the same order id with another amount (409)", async () => {
    const { charge } = setup();
    await charge("o1", TEST_CARDS.pays, 1000);
    const res = await charge("o1", TEST_CARDS.pays, 2000);
    expect(res.status).toBe(409);
    expect((await body(res)).detail).toBe("idempotency key reused with a different amount");
  });
});

describe("refunds", () => {
  it("refunds a charge once, however often asked", async () => {
    const { charge, refund, payments } = setup();
    const { chargeId } = await body(await charge("o1"));
    expect(await (await refund("o1")).json()).toEqual({ orderId: "o1", status: "refunded" });
    expect(await (await refund("o1")).json()).toEqual({ orderId: "o1", status: "refunded" });
    expect(await payments.get("o1")).toMatchObject({ status: "refunded", chargeId });
  });

  it.each([
    ["an unknown order", undefined],
    ["a declined charge", TEST_CARDS.declined],
  ])("answers none for %s: nothing was taken", async (_case, chargedCard) => {
    const { charge, refund } = setup();
    if (chargedCard) await charge("o1", chargedCard);
    const res = await refund("o1");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ orderId: "o1", status: "none" });
  });

  it("keeps a refunded charge refunded when the charge is replayed", async () => {
    const { charge, refund, provider } = setup();
    await charge("o1");
    await refund("o1");
    expect(await body(await charge("o1"))).toMatchObject({ status: "refunded" });
    expect(provider.calls).toHaveLength(1);
  });
});

describe("reading a charge", () => {
  it("shows the last four digits and never the full card number", async () => {
    const { app, charge } = setup();
    await charge("o1");
    const res = await app.request("/charges/o1");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(TEST_CARDS.pays);
    expect(JSON.parse(text)).toMatchObject({ orderId: "o1", last4: "4242", status: "succeeded" });
  });

  it("answers 404 for an order never charged", async () => {
    expect((await setup().app.request("/charges/nope")).status).toBe(404);
  });
});

describe("invalid requests", () => {
  const card = { number: TEST_CARDS.pays };
  it.each([
    ["no card", { orderId: "o1", amountCents: 100 }, "card"],
    ["letters in the card number", { orderId: "o1", amountCents: 100, card: { number: "4242abcd42424242" } }, "card.number"],
    ["a card number too short", { orderId: "o1", amountCents: 100, card: { number: "42" } }, "card.number"],
    ["an amount of 0", { orderId: "o1", amountCents: 0, card }, "amountCents"],
    ["a fractional amount", { orderId: "o1", amountCents: 1.5, card }, "amountCents"],
    ["an amount over the limit", { orderId: "o1", amountCents: 10_000_001, card }, "amountCents"],
    ["spaces in the order id", { orderId: "o 1", amountCents: 100, card }, "orderId"],
    ["an order id over 100 characters", { orderId: "o".repeat(101), amountCents: 100, card }, "orderId"],
  ])("rejects %s with 400 naming the field", async (_case, json, field) => {
    const { post, provider } = setup();
    const res = await post("/charges", json);
    expect(res.status).toBe(400);
    expect((await body(res)).errors).toHaveProperty([field]);
    expect(provider.calls).toHaveLength(0);
  });
});

describe("the simulated provider", () => {
  it.each([[""], [undefined]])("refuses to be built without an API key (%j)", (key) => {
    expect(() => new SimulatedProvider(key)).toThrow(/API key/);
  });
});
