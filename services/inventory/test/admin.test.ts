import { describe, expect, it } from "vitest";
import { A, setup, STAFF, UNKNOWN } from "./harness.ts";

describe("PUT /api/admin/stock/:isbn", () => {
  it("sets the copies on hand of a stocked book, and stocks a new one", async () => {
    const { asAdmin, available } = await setup();
    expect(await (await asAdmin("PUT", `/api/admin/stock/${A}`, { onHand: 42 })).json()).toEqual({ isbn: A, available: 42, onHand: 42 });
    expect((await asAdmin("PUT", `/api/admin/stock/${UNKNOWN}`, { onHand: 3 })).status).toBe(200);
    expect([await available(A), await available(UNKNOWN)]).toEqual([42, 3]);
  });

  // Behind the gateway, which refuses these first: the service refuses them again.
  it.each([
    ["no user", {}, 401],
    ["a user without a role", { "x-user-id": "u1" }, 403],
    ["a shopper", { "x-user-id": "u1", "x-user-role": "shopper" }, 403],
    ["a role nobody has", { "x-user-id": "u1", "x-user-role": "root" }, 403],
  ])("refuses %s with %i problem+json and changes nothing", async (_case, headers, status) => {
    const { send, available } = await setup();
    const res = await send("PUT", `/api/admin/stock/${A}`, { onHand: 0 }, headers);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await available(A)).toBe(10);
  });

  it("refuses a shopper before looking at the body: 403, not 400", async () => {
    const { send } = await setup();
    expect((await send("PUT", "/api/admin/stock/123", { onHand: -1 }, { ...STAFF, "x-user-role": "shopper" })).status).toBe(403);
  });
});
