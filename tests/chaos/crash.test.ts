import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, cluster as running, newShoppers, useCluster, type Shopper } from "../harness/client.ts";
import { Cluster, CRASH_PORT_OFFSET } from "../harness/cluster.ts";
import { resolveProfile } from "../../scripts/profile.ts";
import { checkoutBurst, expectBurstAccounted, killMidway, restoreWorkflowHost } from "../harness/burst.ts";
import { adminOrder, buy, CARDS, setStock, waitForOrder } from "../harness/shop.ts";

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

// A saga that stops moving, whatever stopped it (a timer the scheduler lost, a worker gone):
// here Dapr's own suspend holds it, and nothing in Quire resumes it. The stall sweep (orders'
// cron binding) finds the order unmoved for longer than the saga ever waits, restarts the saga
// from its input, and every step, done before or not, is done once.
describe("a checkout saga that stops moving", () => {
  it("is started again by the stall sweep: the order ships, charged once, one copy sold", async () => {
    const books = ((await (await api("/api/books?page=4&pageSize=20")).json()) as { items: Book[] }).items;
    const book = books[2]!;
    await setStock(book.isbn, 5);
    const { shopper, orderId } = await buy(book.isbn, CARDS.transient);
    const { daprHttpPort, daprToken } = running().apps.orders!;
    const suspended = await fetch(`http://127.0.0.1:${daprHttpPort}/v1.0/workflows/dapr/${orderId}/pause`, { method: "POST", headers: { "dapr-api-token": daprToken } });
    expect(suspended.status, await suspended.text()).toBe(202);
    const held = Date.now();
    await new Promise((r) => setTimeout(r, 10_000));
    expect((await adminOrder(orderId)).order.status, "the saga is held mid-way").toBe("placed");

    const order = await waitForOrder(shopper, orderId, ["shipped"], 240_000);
    console.log(`[figures] a held saga: order ${order.status} ${((Date.now() - held) / 1000).toFixed(1)}s after it was held`);
    // Set going by the stall sweep (its counter, in the orders app's own metrics), not by Dapr.
    const metrics = await (await fetch(`http://127.0.0.1:${running().apps.orders!.appPort}/metrics`)).text();
    expect(Number(/^quire_stalled_orders_repaired_total\{[^}]*repair="restarted"[^}]*\} (\d+)$/m.exec(metrics)?.[1] ?? 0)).toBeGreaterThanOrEqual(1);
    const told = async () => ((await (await api("/api/notifications", { shopper })).json()) as { items: { type: string; orderId: string }[] }).items.filter((n) => n.orderId === orderId).map((n) => n.type).sort();
    await expect.poll(told, { timeout: 30_000 }).toEqual(["order.paid", "order.placed", "order.shipped"]);
    // Quiet, then counted again: the rerun announced order.placed again, under the same key.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(await told()).toEqual(["order.paid", "order.placed", "order.shipped"]);
    const { charge, reservation } = await adminOrder(orderId);
    expect(charge?.status).toBe("succeeded");
    expect(reservation?.status).toBe("committed");
    expect(await (await api(`/api/inventory/${book.isbn}`)).json()).toMatchObject({ available: 4 });
  }, 300_000);
});

// Faults during a burst: one process SIGKILLed at a random moment while checkouts are in flight,
// restarted after a pause. Every order must end (shipped, or cancelled), stock must be conserved,
// each shipped order charged once and shipped once, no cancelled one charged, and each shopper
// told once of each step. The e2e suite's oversell burst kills the orders sidecar on every
// profile (tests/e2e/checkout.test.ts); RabbitMQ's kill is on its own profile (rabbitmq.test.ts).
const BURST = 200;
const COPIES = 25;

// Sidecars and apps, the control plane's actor placement and scheduler, and Redis, the broker and
// every store, restarted with what it had acknowledged. Dapr 1.18.2 can lose a workflow's timer
// written while the scheduler is down: the stall sweep sets such an order going again within
// about two minutes (README, "Every order ends"), well inside the burst's bound.
const VICTIMS = ["orders", "orders-daprd", "payments", "inventory", "inventory-daprd", "shipping", "placement", "scheduler", "redis"];
describe.each(VICTIMS)("a burst of checkouts with %s killed mid-way", (victim) => {
  it("ends every order, conserves stock, charges and ships each paid order once", async () => {
    const page = ((await (await api("/api/books?page=6&pageSize=20")).json()) as { items: Book[] }).items;
    const { isbn } = page[VICTIMS.indexOf(victim)]!;
    const result = await checkoutBurst({
      name: `chaos ${victim}`,
      shoppers,
      isbn,
      copies: COPIES,
      fault: killMidway(victim, () => cluster.crash(victim), async () => {
        cluster.restart(victim);
        // A restarted orders app can find its sidecar wedged (Dapr 1.18.2): the remedy, and say so.
        if (victim === "orders") await restoreWorkflowHost(async () => (await cluster.crash("orders-daprd"), cluster.restart("orders-daprd")));
      }),
    });
    await expectBurstAccounted(`chaos ${victim}`, isbn, COPIES, result);
  }, 400_000);
});
