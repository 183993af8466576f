import { DatabaseSync } from "node:sqlite";
import { connect as amqpConnect } from "amqplib";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect as natsConnect } from "@nats-io/transport-node";
import mysql from "mysql2/promise";
import pg from "pg";
import { createClient } from "redis";
import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { api, cluster } from "../harness/client.ts";
import { buy, CARDS, invoke, setStock, waitForOrder } from "../harness/shop.ts";
import { repoRoot } from "../harness/topology.ts";
import { JETSTREAM_STREAM } from "../../scripts/profile.ts";

// Whatever the profile, the data must really be where its components say: each owner's store
// on its backend, the events through the chosen broker.
const stores = (parse(readFileSync(join(repoRoot, "components/stores.yaml"), "utf8")) as { stores: { name: string; owner: string }[] }).stores;
const backendOf = (owner: string) => cluster().profile.stateFor[owner] ?? cluster().profile.state;

// How many keys of `owner` (Dapr prefixes keys with the app id: "<app-id>||<key>") a store holds.
async function keysIn(store: string, owner: string): Promise<number> {
  const prefix = `${owner}||`;
  switch (backendOf(owner)) {
    case "redis": {
      const redis = createClient({ url: `redis://127.0.0.1:6379/${cluster().redisDb}` });
      await redis.connect();
      try {
        return (await redis.keys(`${prefix}*`)).length;
      } finally {
        await redis.quit();
      }
    }
    case "postgresql": {
      const client = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
      await client.connect();
      try {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM quire_${store}_state WHERE key LIKE $1`, [`${prefix}%`]);
        return rows[0].n as number;
      } finally {
        await client.end();
      }
    }
    case "mysql": {
      const db = await mysql.createConnection({ host: "127.0.0.1", port: 3306, user: "root", password: "" });
      try {
        const [rows] = await db.query(`SELECT count(*) AS n FROM quire_state.\`${store}\` WHERE id LIKE ?`, [`${prefix}%`]);
        return Number((rows as { n: number }[])[0]!.n);
      } finally {
        await db.end();
      }
    }
    case "sqlite": {
      const db = new DatabaseSync(join(cluster().runDir, `${store}.sqlite`), { readOnly: true });
      try {
        return Number((db.prepare("SELECT count(*) AS n FROM state WHERE key LIKE ?").get(`${prefix}%`) as { n: number }).n);
      } finally {
        db.close();
      }
    }
    default:
      return Number.NaN; // in-memory: nothing to look at outside the sidecar
  }
}

describe(`backends of profile ${cluster().profile.name}`, () => {
  let orderId = "";

  beforeAll(async () => {
    const { items } = (await (await api("/api/books?page=5&pageSize=5")).json()) as { items: { isbn: string }[] };
    await setStock(items[0]!.isbn, 5);
    const bought = await buy(items[0]!.isbn);
    orderId = bought.orderId;
    await waitForOrder(bought.shopper, orderId, ["shipped"]);
    // The order emptied the cart; leave one filled, so the cart store has something to show.
    expect((await api(`/api/cart/items/${items[1]!.isbn}`, { method: "PUT", shopper: bought.shopper, json: { quantity: 1 } })).status).toBe(200);
  });

  it.each(stores.map((s) => [s.name, s.owner] as const))("%s holds %s's data on the profile's backend", async (store, owner) => {
    if (backendOf(owner) === "in-memory") {
      // Nothing outside the sidecar to look at; at least it must not have gone to Redis.
      const redis = createClient({ url: `redis://127.0.0.1:6379/${cluster().redisDb}` });
      await redis.connect();
      expect(await redis.keys(`${owner}||*`)).toEqual([]);
      await redis.quit();
      return;
    }
    expect(await keysIn(store, owner)).toBeGreaterThan(0);
  });

  describe("the broker", () => {
    it("carried the order's events", async () => {
      switch (cluster().profile.pubsub) {
        case "redis": {
          const redis = createClient({ url: `redis://127.0.0.1:6379/${cluster().redisDb}` });
          await redis.connect();
          expect(await redis.xLen("orders")).toBeGreaterThan(0);
          expect(await redis.xLen("shipments")).toBeGreaterThan(0);
          await redis.quit();
          break;
        }
        case "rabbitmq": {
          // One fanout exchange per topic, one durable queue per subscriber bound to it.
          const conn = await amqpConnect("amqp://guest:guest@127.0.0.1:5672");
          const channel = await conn.createChannel();
          await channel.checkExchange("orders");
          await channel.checkExchange("shipments");
          const queue = await channel.checkQueue("shipping-orders");
          expect(queue.consumerCount).toBeGreaterThan(0);
          await conn.close();
          break;
        }
        case "jetstream": {
          const nc = await natsConnect({ servers: "127.0.0.1:4222" });
          const jsm = await jetstreamManager(nc);
          const info = await jsm.streams.info(JETSTREAM_STREAM, { subjects_filter: ">" });
          expect(info.state.subjects?.orders ?? 0).toBeGreaterThan(0);
          expect(info.state.subjects?.shipments ?? 0).toBeGreaterThan(0);
          await nc.close();
          break;
        }
        default:
          // mqtt3 keeps nothing to count once delivered: the order reaching "shipped" above went
          // through it (order.paid to shipping, order.shipped back to orders).
          expect(orderId).not.toBe("");
      }
    });
  });
});

// Dapr's outbox publishes an internal message before it commits the state transaction; the
// sidecar then looks for the transaction's marker for about 11 s and, not finding it, rejects the
// message, which the broker drops (Redis streams acknowledges a rejected message). So a commit
// that lands late loses the event unless someone notices. Here the order's row is held locked
// (as a busy database would) while the saga marks the order paid: the outbox gives up on it, and
// the order must still ship, once, with one "paid" notification.
describe.runIf(["mysql", "postgresql"].includes(backendOf("orders")))("an order change committed after the outbox gave up on it", () => {
  it("is announced again, and the order ships exactly once", async () => {
    const { items } = (await (await api("/api/books?page=6&pageSize=5")).json()) as { items: { isbn: string }[] };
    await setStock(items[0]!.isbn, 5);
    const rejectedBefore = outboxRejections();
    // The transient card fails twice first: the saga waits 1 s and 2 s on timers before it may
    // mark the order paid, time enough to take the row's lock before it does.
    const { shopper, orderId } = await buy(items[0]!.isbn, CARDS.transient);
    const released = await holdOrderRow(orderId, 16_000);
    expect((await waitForOrder(shopper, orderId, ["placed", "paid", "shipped", "cancelled"])).status).toBe("placed");
    await released;

    // The fault landed: the sidecar gave up on an order change's internal message.
    await expect.poll(outboxRejections, { timeout: 20_000 }).toBeGreaterThan(rejectedBefore);
    await waitForOrder(shopper, orderId, ["shipped"], 150_000);
    // Quiet first: a second shipment or notification would show up after the first.
    await new Promise((r) => setTimeout(r, 8_000));
    const shipment = (await (await invoke("shipping", `shipments/${orderId}`)).json()) as { orderId: string };
    expect(shipment.orderId).toBe(orderId);
    const feed = ((await (await api("/api/notifications", { shopper })).json()) as { items: { type: string; orderId: string }[] }).items;
    expect(feed.filter((n) => n.orderId === orderId).map((n) => n.type).sort()).toEqual(["order.paid", "order.placed", "order.shipped"]);
    expect(await (await api(`/api/inventory/${items[0]!.isbn}`)).json()).toMatchObject({ available: 4 });
  }, 240_000);
});

// How often orders' sidecar has rejected an outbox message it found no committed state for.
function outboxRejections(): number {
  const log = join(cluster().logDir, "orders-daprd.log");
  return existsSync(log) ? readFileSync(log, "utf8").split("rejecting for later processing").length - 1 : 0;
}

// Locks the order's row in its SQL store (SELECT ... FOR UPDATE) and resolves once the lock is
// held; the returned promise of "released" settles when it is let go after `ms`.
async function holdOrderRow(orderId: string, ms: number): Promise<Promise<void>> {
  const key = `orders||order:${orderId}`;
  const pause = () => new Promise((r) => setTimeout(r, ms));
  if (backendOf("orders") === "mysql") {
    const db = await mysql.createConnection({ host: "127.0.0.1", port: 3306, user: "root", password: "" });
    await db.query("START TRANSACTION");
    await db.query("SELECT id FROM quire_state.orderstore WHERE id = ? FOR UPDATE", [key]);
    return pause().then(async () => {
      await db.query("COMMIT");
      await db.end();
    });
  }
  const client = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
  await client.connect();
  await client.query("BEGIN");
  await client.query("SELECT key FROM quire_orderstore_state WHERE key = $1 FOR UPDATE", [key]);
  return pause().then(async () => {
    await client.query("COMMIT");
    await client.end();
  });
}
