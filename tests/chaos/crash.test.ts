import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../harness/client.ts";
import { Cluster, CRASH_PORT_OFFSET } from "../harness/cluster.ts";
import { useCluster } from "../harness/client.ts";
import { adminOrder, buy, CARDS, setStock, waitForOrder } from "../harness/shop.ts";

// Its own cluster (other ports, Redis database 2), because these tests kill processes.
const cluster = new Cluster(CRASH_PORT_OFFSET, 2);

beforeAll(async () => useCluster(await cluster.start()), 180_000);
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
