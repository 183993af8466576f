import { describe, expect, it } from "vitest";
import { A, B, line, setup, TTL_MS, UNKNOWN } from "./harness.ts";

type Body = Record<string, unknown>;

describe("a reservation", () => {
  it("holds copies, and its commit takes them off the shelf", async () => {
    const { send, available, inventory } = await setup();
    const reserved = await send("POST", "/reservations", { orderId: "o1", items: [line(A, 3), line(B, 1)] });
    expect([reserved.status, await reserved.json()]).toEqual([200, { orderId: "o1", status: "reserved" }]);
    expect([await available(A), await available(B)]).toEqual([7, 0]);

    const committed = await send("POST", "/reservations/o1/commit");
    expect([committed.status, await committed.json()]).toEqual([200, { orderId: "o1", status: "committed" }]);
    expect([await available(A), await available(B)]).toEqual([7, 0]);
    expect(await inventory.setStock(A, 7)).toEqual({ isbn: A, onHand: 7, available: 7 });
  });

  it("gives its copies back on release", async () => {
    const { send, available } = await setup();
    await send("POST", "/reservations", { orderId: "o1", items: [line(A, 4)] });
    const res = await send("POST", "/reservations/o1/release");
    expect(await res.json()).toEqual({ orderId: "o1", status: "released" });
    expect(await available(A)).toBe(10);
    expect(((await (await send("GET", "/reservations/o1")).json()) as Body).status).toBe("released");
  });

  it("counts the same ISBN twice in one order as one line", async () => {
    const { inventory, available } = await setup();
    expect(await inventory.reserve("o1", [line(A, 2), line(A, 3)])).toEqual({ orderId: "o1", status: "reserved" });
    expect(await available(A)).toBe(5);
    expect((await inventory.reservation("o1"))?.items).toEqual([line(A, 5)]);
  });
});

describe("idempotency: the same call twice has the effect of one", () => {
  it("reserve", async () => {
    const { send, available } = await setup();
    const body = { orderId: "o1", items: [line(A, 3)] };
    const first = await (await send("POST", "/reservations", body)).json();
    expect(await (await send("POST", "/reservations", body)).json()).toEqual(first);
    expect(await available(A)).toBe(7);
  });

  it("commit, and a release after it is a no-op (committing wins)", async () => {
    const { inventory, available } = await setup();
    await inventory.reserve("o1", [line(A, 3)]);
    expect(await inventory.commit("o1")).toEqual(await inventory.commit("o1"));
    expect(await inventory.release("o1")).toEqual({ orderId: "o1", status: "committed" });
    expect(await available(A)).toBe(7); // 10 on hand, 3 sold: the release gave nothing back
    expect((await inventory.setStock(A, 7)).available).toBe(7);
  });

  it("release, and a reserve after it does not reserve again", async () => {
    const { inventory, available } = await setup();
    await inventory.reserve("o1", [line(A, 3)]);
    expect(await inventory.release("o1")).toEqual(await inventory.release("o1"));
    expect((await inventory.reserve("o1", [line(A, 3)])).status).toBe("released");
    expect(await available(A)).toBe(10);
  });

  it("release of an order it never saw answers released", async () => {
    const { send } = await setup();
    expect(await (await send("POST", "/reservations/nobody/release")).json()).toEqual({ orderId: "nobody", status: "released" });
  });

  it("a retry finishes a reserve that died half-way without counting a book twice", async () => {
    const { inventory, state, available } = await setup();
    await inventory.reserve("o1", [line(A, 2)]);
    // As if the process died after holding A but before deciding: the doc is still pending.
    const { value, etag } = await state.get<Body>("reservation:o1");
    await state.save("reservation:o1", { ...value, items: [line(A, 2), line(B, 1)], status: "pending" }, { etag });
    expect((await inventory.reserve("o1", [line(A, 2), line(B, 1)])).status).toBe("reserved");
    expect([await available(A), await available(B)]).toEqual([8, 0]);
  });
});

describe("all or nothing", () => {
  it("a short second book gives the first one back and answers 409 naming it", async () => {
    const { send, available } = await setup();
    const res = await send("POST", "/reservations", { orderId: "o1", items: [line(A, 2), line(B, 2)] });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(((await res.json()) as Body).detail).toBe(`Out of stock: ${B}`);
    expect([await available(A), await available(B)]).toEqual([10, 1]);
    expect(((await (await send("GET", "/reservations/o1")).json()) as Body).status).toBe("rejected");
    // Asked again, it stays refused, with the same reason.
    expect(((await (await send("POST", "/reservations", { orderId: "o1", items: [line(A, 2)] })).json()) as Body).detail).toBe(`Out of stock: ${B}`);
  });

  it("a book without stock is a refusal naming it", async () => {
    const { send, available } = await setup();
    const res = await send("POST", "/reservations", { orderId: "o1", items: [line(A, 1), line(UNKNOWN, 1)] });
    expect([res.status, ((await res.json()) as Body).detail]).toEqual([409, `Not stocked: ${UNKNOWN}`]);
    expect(await available(A)).toBe(10);
  });

  it("commit of an order that holds nothing is a 409", async () => {
    const { send, inventory } = await setup();
    expect((await send("POST", "/reservations/o9/commit")).status).toBe(409);
    await inventory.reserve("o1", [line(A, 1)]);
    await inventory.release("o1");
    expect((await send("POST", "/reservations/o1/commit")).status).toBe(409);
  });
});

describe("the sweep", () => {
  it("releases only reservations older than the TTL, when the cron binding calls", async () => {
    const { inventory, app, available, advance } = await setup();
    await inventory.reserve("old", [line(A, 2)]);
    await inventory.reserve("sold", [line(A, 1)]);
    await inventory.commit("sold");
    advance(TTL_MS + 1);
    await inventory.reserve("fresh", [line(A, 3)]);

    const res = await app.request("/reservation-sweeper", { method: "POST" }); // the cron binding sends no JSON
    expect([res.status, await res.json()]).toEqual([200, { released: 1 }]);
    expect((await inventory.reservation("old"))?.status).toBe("released");
    expect((await inventory.reservation("fresh"))?.status).toBe("reserved");
    expect(await available(A)).toBe(6);
    expect((await app.request("/reservation-sweeper", { method: "OPTIONS" })).status).not.toBe(404);
  });
});

describe("stock", () => {
  it("cannot drop below what is reserved", async () => {
    const { asAdmin, inventory } = await setup();
    await inventory.reserve("o1", [line(A, 4)]);
    expect((await asAdmin("PUT", `/api/admin/stock/${A}`, { onHand: 3 })).status).toBe(409);
    expect(await (await asAdmin("PUT", `/api/admin/stock/${A}`, { onHand: 6 })).json()).toEqual({ isbn: A, available: 2, onHand: 6 });
  });
});
