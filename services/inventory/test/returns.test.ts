import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { A, B, line, setup, TTL_MS } from "./harness.ts";

type Body = Record<string, unknown>;

describe("a return", () => {
  it("puts a committed order's copies back on the shelf, once however often it is asked", async () => {
    const { send, available, inventory } = await setup();
    await inventory.reserve("o1", [line(A, 3), line(B, 1)]);
    await inventory.commit("o1");
    for (let i = 0; i < 3; i++) {
      const res = await send("POST", "/reservations/o1/return");
      expect([res.status, await res.json()]).toEqual([200, { orderId: "o1", status: "returned" }]);
    }
    expect([await available(A), await available(B)]).toEqual([10, 1]);
    expect(((await (await send("GET", "/reservations/o1")).json()) as Body).status).toBe("returned");
  });

  it.each([
    ["released", async (i: Awaited<ReturnType<typeof setup>>["inventory"]) => void (await i.reserve("o1", [line(A, 3)]), await i.release("o1")), "released"],
    ["rejected", async (i: Awaited<ReturnType<typeof setup>>["inventory"]) => void (await i.reserve("o1", [line(A, 30)])), "rejected"],
    ["unknown", async () => undefined, "released"],
  ])("gives nothing back for an order that sold nothing (%s)", async (_case, arrange, status) => {
    const { send, available, inventory } = await setup();
    await arrange(inventory);
    const res = await send("POST", "/reservations/o1/return");
    expect([res.status, ((await res.json()) as Body).status]).toEqual([200, status]);
    expect(await available(A)).toBe(10);
  });

  it("refuses to return copies still only held: 409, and they stay held", async () => {
    const { send, available, inventory } = await setup();
    await inventory.reserve("o1", [line(A, 3)]);
    expect((await send("POST", "/reservations/o1/return")).status).toBe(409);
    expect(await available(A)).toBe(7);
  });

  it("finishes a commit that died before its stock write: the held copies go back unsold", async () => {
    const { inventory, state, available } = await setup();
    await inventory.reserve("o1", [line(A, 2)]);
    // As if commit decided, then died before taking the copies off the shelf.
    const { value, etag } = await state.get<Body>("reservation:o1");
    await state.save("reservation:o1", { ...value, status: "committed" }, { etag });
    expect((await inventory.returnStock("o1")).status).toBe("returned");
    expect(await available(A)).toBe(10);
    expect((await inventory.setStock(A, 10)).available).toBe(10);
  });
});

// Stock is conserved whatever the saga's calls do and in whatever order they come (retries,
// compensations, the sweep): copies on hand plus copies sold always make the initial stock, and
// nothing stays held once every order has been released or returned.
describe("stock conservation", () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant("reserve" as const), order: fc.integer({ min: 1, max: 4 }), a: fc.integer({ min: 1, max: 6 }), b: fc.integer({ min: 0, max: 2 }) }),
    ...(["commit", "release", "return"] as const).map((kind) => fc.record({ kind: fc.constant(kind), order: fc.integer({ min: 1, max: 4 }) })),
    fc.record({ kind: fc.constant("sweep" as const) }),
  );

  it("on hand + sold = initial after any sequence of calls; released and returned orders hold nothing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        const { inventory, state, advance } = await setup();
        for (const o of ops) {
          const id = "order" in o ? `o${o.order}` : "";
          // A refused call (409) is an answer the saga handles; only the stock matters here.
          await (async () => {
            if (o.kind === "reserve") await inventory.reserve(id, [line(A, o.a), ...(o.b ? [line(B, o.b)] : [])]);
            if (o.kind === "commit") await inventory.commit(id);
            if (o.kind === "release") await inventory.release(id);
            if (o.kind === "return") await inventory.returnStock(id);
            if (o.kind === "sweep") (advance(TTL_MS + 1), await inventory.sweep());
          })().catch((err: unknown) => expect((err as { code?: string }).code).toBe("CONFLICT"));
        }
        for (const [isbn, initial] of [[A, 10], [B, 1]] as const) {
          const { value } = await state.get<{ onHand: number; reservations: Record<string, { quantity: number }> }>(`stock:${isbn}`);
          let sold = 0;
          for (let n = 1; n <= 4; n++) {
            const doc = await inventory.reservation(`o${n}`);
            const quantity = doc?.items.find((l) => l.isbn === isbn)?.quantity ?? 0;
            if (doc?.status === "committed") sold += quantity;
            if (doc && doc.status !== "reserved") expect(value!.reservations[`o${n}`]).toBeUndefined();
            expect(doc?.status).not.toBe("pending");
          }
          expect(value!.onHand + sold).toBe(initial);
        }
      }),
      { numRuns: 150 },
    );
  }, 30_000); // 150 runs of up to 25 calls: a few seconds, more on a loaded machine
});
