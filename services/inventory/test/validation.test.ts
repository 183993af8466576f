import { describe, expect, it } from "vitest";
import { A, B, line, setup, STAFF, UNKNOWN } from "./harness.ts";

type Problem = { status: number; detail: string; errors?: Record<string, string[]> };

describe("a reservation request", () => {
  it.each([
    ["a malformed ISBN", { orderId: "o1", items: [line("123", 1)] }, "items.0.isbn"],
    ["a wrong check digit", { orderId: "o1", items: [line("9780000000003", 1)] }, "items.0.isbn"],
    ["a quantity of 0", { orderId: "o1", items: [line(A, 0)] }, "items.0.quantity"],
    ["a negative quantity", { orderId: "o1", items: [line(A, -1)] }, "items.0.quantity"],
    ["a fractional quantity", { orderId: "o1", items: [line(A, 1.5)] }, "items.0.quantity"],
    ["a quantity over 99", { orderId: "o1", items: [line(A, 100)] }, "items.0.quantity"],
    ["a quantity as a string", { orderId: "o1", items: [{ isbn: A, quantity: "1" }] }, "items.0.quantity"],
    ["no order id", { items: [line(A, 1)] }, "orderId"],
    ["an order id with odd characters", { orderId: "../o1", items: [line(A, 1)] }, "orderId"],
    ["an order id over 100 characters", { orderId: "o".repeat(101), items: [line(A, 1)] }, "orderId"],
    ["no items", { orderId: "o1" }, "items"],
    ["an empty item list", { orderId: "o1", items: [] }, "items"],
    ["more than 50 lines", { orderId: "o1", items: Array.from({ length: 51 }, () => line(B, 1)) }, "items"],
  ])("with %s is a 400 naming the field", async (_case, body, field) => {
    const { send, available } = await setup();
    const res = await send("POST", "/reservations", body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).errors).toHaveProperty([field]);
    expect(await available(A)).toBe(10);
  });
});

describe("other requests", () => {
  it.each([
    ["GET", "/api/inventory/nope", undefined, 400],
    ["GET", `/api/inventory/${UNKNOWN}`, undefined, 404],
    ["GET", "/reservations/nobody", undefined, 404],
    ["GET", "/reservations/bad%20id", undefined, 400],
    ["POST", "/reservations/bad%20id/release", undefined, 400],
    ["PUT", `/api/admin/stock/${A}`, { onHand: -1 }, 400],
    ["PUT", `/api/admin/stock/${A}`, { onHand: 1.5 }, 400],
    ["PUT", "/api/admin/stock/123", { onHand: 1 }, 400],
    // The old internal route is gone: restocking is staff work now.
    ["PUT", `/stock/${A}`, { onHand: 1 }, 404],
  ])("%s %s answers %i", async (method, path, body, status) => {
    const res = await (await setup()).send(method, path, body, STAFF);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("tells a shopper how many copies are left", async () => {
    const { send, inventory } = await setup();
    await inventory.reserve("o1", [line(A, 4)]);
    expect(await (await send("GET", `/api/inventory/${A}`)).json()).toEqual({ isbn: A, available: 6 });
  });
});
