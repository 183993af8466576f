import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, newShoppers, useCluster, type Shopper } from "../harness/client.ts";
import { Cluster, CRASH_PORT_OFFSET } from "../harness/cluster.ts";
import { resolveProfile } from "../../scripts/profile.ts";
import { waitFor } from "../harness/processes.ts";
import { adminOrder, buy, CARDS, checkout, setStock, waitForOrder } from "../harness/shop.ts";

// Its own cluster (other ports, a Redis server of its own), because these tests kill processes,
// the broker among them.
const cluster = new Cluster(CRASH_PORT_OFFSET, 2, resolveProfile({}), { ownRedis: true });
// The burst's shoppers, registered once: each burst fills their carts again.
let shoppers: Shopper[] = [];

beforeAll(async () => {
  useCluster(await cluster.start());
  shoppers = await newShoppers(BURST);
}, 300_000);
afterAll(async () => {
  useCluster(undefined);
  await cluster.stop();
});

type Book = { isbn: string };

// The transient test card makes the saga wait on durable timers between charge attempts: a
// crash lands in the middle of a checkout, and the restarted process must finish it once.
describe.each([
  ["the orders app", "orders"],
  ["the orders sidecar", "orders-daprd"],
])("a crash of %s mid-checkout", (_name, victim) => {
  it("still completes the order exactly once", async () => {
    const books = ((await (await api("/api/books?page=4&pageSize=20")).json()) as { items: Book[] }).items;
    const book = victim === "orders" ? books[0]! : books[1]!;
    await setStock(book.isbn, 5);
    const { shopper, orderId } = await buy(book.isbn, CARDS.transient);

    await cluster.crash(victim);
    await new Promise((r) => setTimeout(r, 1500));
    const started = Date.now();
    cluster.restart(victim);

    const order = await waitForOrder(shopper, orderId, ["shipped"], 120_000);
    console.log(`[figures] after a crash of ${victim}: order ${order.status} ${((Date.now() - started) / 1000).toFixed(1)}s after the restart`);
    const history = (await (await api("/api/orders", { shopper })).json()) as { items: { id: string }[] };
    expect(history.items.map((o) => o.id)).toEqual([orderId]);
    const { charge } = await adminOrder(orderId);
    expect(charge?.status).toBe("succeeded");
    expect(await (await api(`/api/inventory/${book.isbn}`)).json()).toMatchObject({ available: 4 });
    await expect
      .poll(async () => ((await (await api("/api/notifications", { shopper })).json()) as { items: { type: string }[] }).items.filter((n) => n.type === "order.paid").length, { timeout: 20_000 })
      .toBe(1);
  }, 180_000);
});

// Faults during a burst: one process SIGKILLed at a random moment while checkouts are in flight,
// restarted after a pause. Every order must end (shipped, or cancelled), stock must be conserved,
// each shipped order charged once and shipped once, no cancelled one charged, and each shopper
// told once of each step. CHAOS_SEED replays a run: the moment of each kill comes from it.
const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`[chaos] seed ${seed} (CHAOS_SEED=${seed} replays the kill moments)`);
let state = seed;
const random = () => ((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0), state / 2 ** 32);

const BURST = 200;
const COPIES = 25;
const ENDED = ["shipped", "cancelled"] as const;

// Apps and sidecars, the control plane's workflow timers (scheduler) and actor placement, and
// Redis, the broker and every store, restarted with what it had acknowledged.
const VICTIMS = ["orders", "orders-daprd", "payments", "inventory", "inventory-daprd", "shipping", "scheduler", "placement", "redis"];
describe.each(VICTIMS)("a burst of checkouts with %s killed mid-way", (victim) => {
  it("ends every order, conserves stock, charges and ships each paid order once", async () => {
    const page = ((await (await api("/api/books?page=6&pageSize=20")).json()) as { items: Book[] }).items;
    const book = page[VICTIMS.indexOf(victim)]!;
    await setStock(book.isbn, COPIES);
    await Promise.all(shoppers.map(async (s) => expect((await api(`/api/cart/items/${book.isbn}`, { method: "PUT", shopper: s, json: { quantity: 1 } })).status).toBe(200)));

    // A checkout that met the crash (a 5xx, or no answer) is sent again with the same
    // Idempotency-Key, as a client should: the same order, never a second one.
    const placed: { shopper: Shopper; orderId: string }[] = [];
    const send = async (shopper: Shopper) => {
      const key = `chaos-${victim}-${shopper.id}`;
      for (let attempt = 1; attempt <= 30; attempt++) {
        const res = await checkout(shopper, CARDS.pays, key).catch(() => undefined);
        if (res?.status === 202) return placed.push({ shopper, orderId: ((await res.json()) as { orderId: string }).orderId });
        if (res && res.status < 500) throw new Error(`checkout answered ${res.status}: ${await res.text()}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
      throw new Error(`checkout for ${shopper.id} never got through`);
    };
    const burst = Promise.all(shoppers.map(send));

    // The kill: a random moment once the first orders are under way; some must still be in flight.
    await waitFor("the first orders", async () => placed.length >= 5, { timeoutMs: 60_000, intervalMs: 50 });
    const delayMs = Math.round(random() * 1500);
    await new Promise((r) => setTimeout(r, delayMs));
    const placedAtKill = placed.length;
    const inFlight = (await Promise.all(placed.slice(0, placedAtKill).map(async ({ orderId }) => (await adminOrder(orderId)).order.status))).filter((s) => !ENDED.includes(s as never)).length;
    await cluster.crash(victim);
    // Checkouts not yet answered and placed orders not yet ended were all in flight.
    const inFlightAtKill = inFlight + (BURST - placedAtKill);
    console.log(`[chaos] ${victim} killed ${delayMs} ms after the 5th order was placed: ${inFlight} placed orders not ended, ${BURST - placedAtKill} checkouts not yet answered`);
    await new Promise((r) => setTimeout(r, 1500));
    cluster.restart(victim);
    const restarted = Date.now();
    await burst;

    // Every order ends within a bound.
    const ends = await Promise.all(placed.map(({ shopper, orderId }) => waitForOrder(shopper, orderId, [...ENDED], 180_000)));
    console.log(`[figures] chaos ${victim}: ${BURST} orders ended ${((Date.now() - restarted) / 1000).toFixed(1)}s after the restart (${inFlightAtKill} in flight at the kill)`);
    expect(inFlightAtKill, "orders in flight when the process died").toBeGreaterThan(0);
    expect(placed).toHaveLength(BURST);
    expect(new Set(placed.map((p) => p.orderId)).size).toBe(BURST);

    // Quiet, then count everything from the owners' own records.
    await new Promise((r) => setTimeout(r, 3000));
    const views = await Promise.all(placed.map(({ orderId }) => adminOrder(orderId)));
    const shipped = views.filter((v) => v.order.status === "shipped");
    const reasons = views.filter((v) => v.order.status !== "shipped").map((v) => v.order.reason ?? v.order.status);
    console.log(`[figures] chaos ${victim}: ${shipped.length} shipped, ${reasons.length} cancelled (${[...new Set(reasons)].map((r) => `${reasons.filter((x) => x === r).length} ${r}`).join(", ")})`);
    // A shopper may be turned away (out of stock, or payments down too long), never oversold.
    expect(shipped.length).toBeLessThanOrEqual(COPIES);
    expect(shipped.length).toBeGreaterThan(0);
    expect(await (await api(`/api/inventory/${book.isbn}`)).json()).toMatchObject({ available: COPIES - shipped.length });
    for (const v of views) {
      if (v.order.status === "shipped") {
        expect(v.charge?.status, v.order.id).toBe("succeeded");
        expect(v.shipment?.orderId, v.order.id).toBe(v.order.id);
        expect(v.reservation?.status, v.order.id).toBe("committed");
      } else {
        expect(v.charge?.status ?? "none", v.order.id).not.toBe("succeeded");
        expect(v.shipment, v.order.id).toBeNull();
        expect(v.reservation?.status ?? "none", v.order.id).not.toMatch(/pending|reserved|committed/);
      }
    }
    // Each shopper was told once of each step their order took.
    for (const [i, { shopper, orderId }] of placed.entries()) {
      const want = ends[i]!.status === "shipped" ? ["order.paid", "order.placed", "order.shipped"] : ["order.cancelled", "order.placed"];
      await expect
        .poll(async () => ((await (await api("/api/notifications", { shopper })).json()) as { items: { type: string; orderId: string }[] }).items.filter((n) => n.orderId === orderId).map((n) => n.type).sort(), { timeout: 20_000 })
        .toEqual(want);
    }
  }, 400_000);
});
