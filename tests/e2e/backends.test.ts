import { randomUUID } from "node:crypto";
import { DatabaseSync } from "node:sqlite";
import { connect as amqpConnect } from "amqplib";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect as natsConnect } from "@nats-io/transport-node";
import mysql from "mysql2/promise";
import pg from "pg";
import { createClient } from "redis";
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { api, cluster, newShopper } from "../harness/client.ts";
import { address, adminOrder, buy, CARDS, deadLetters, publishUnprocessable, setStock, waitForOrder } from "../harness/shop.ts";
import { orderIdFor } from "../../services/orders/src/domain/checkout.ts";
import { repoRoot } from "../../scripts/topology.ts";
import { waitFor } from "../harness/processes.ts";

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
    // And one message nobody can process, so the console's dead-letter store holds a record.
    const { id } = await publishUnprocessable("shipments", "order.shipped");
    await waitFor("the console to record the dead letter", async () => (await deadLetters()).some((t) => t.latest.some((l) => l.id === id)), { timeoutMs: 20_000 });
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
          // A stream per topic, and each subscriber's consumer durable, named after its app.
          expect((await jsm.streams.info("orders")).state.messages).toBeGreaterThan(0);
          expect((await jsm.streams.info("shipments")).state.messages).toBeGreaterThan(0);
          expect((await jsm.consumers.info("orders", "shipping")).config.durable_name).toBe("shipping");
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

// Each change of an order is written, then announced; nothing ties the two together but the
// saga, which runs a step again until its announcement went out. Here the broker refuses every
// write at the worst moment: the order's row is held locked (as a busy database would) while the
// saga marks it paid, the broker starts refusing, the lock goes, the order becomes paid, and
// order.paid cannot be published. Once the broker takes writes again, the order must still ship,
// once, with one "paid" notification. Needs the order in SQL (to hold its row) and Redis as broker:
// defined on the postgresql and mysql profiles of the matrix only.
const ordersRowCanBeHeld = ["mysql", "postgresql"].includes(backendOf("orders")) && cluster().profile.pubsub === "redis";
if (ordersRowCanBeHeld) describe("an order change written while the broker refuses", () => {
  it("is announced once the broker is back, and the order ships exactly once", async () => {
    const { items } = (await (await api("/api/books?page=6&pageSize=5")).json()) as { items: { isbn: string }[] };
    await setStock(items[0]!.isbn, 5);
    const shopper = await newShopper();
    expect((await api(`/api/cart/items/${items[0]!.isbn}`, { method: "PUT", shopper, json: { quantity: 1 } })).status).toBe(200);
    // The order's id follows from the shopper and the Idempotency-Key, so its row can be locked
    // the moment it is written: before the saga marks it paid (the transient card's two provider
    // failures, retried by the sidecar, keep the saga busy for a second or more in between).
    const idempotencyKey = `locked-${randomUUID()}`;
    const orderId = orderIdFor(shopper.id, idempotencyKey);
    const lock = lockOrderRowOnceWritten(orderId, 6_000);
    const res = await api("/api/checkout", { method: "POST", shopper, headers: { "idempotency-key": idempotencyKey }, json: { card: { number: CARDS.transient }, address } });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { orderId: string }).orderId).toBe(orderId);
    // The fault lands mid-way: the order was still placed when its row was locked.
    expect(await lock.held).toBe("placed");
    const redis = createClient({ url: "redis://127.0.0.1:6379" });
    await redis.connect();
    const before = { ...(await redis.configGet("maxmemory")), ...(await redis.configGet("maxmemory-policy")) };
    try {
      await redis.configSet({ maxmemory: "1", "maxmemory-policy": "noeviction" });
      await lock.released;
      // The write lands while the broker refuses: paid in the store, and no order.paid out yet.
      await expect.poll(async () => (await waitForOrder(shopper, orderId, ["placed", "paid", "shipped", "cancelled"])).status, { timeout: 20_000 }).toBe("paid");
      await new Promise((r) => setTimeout(r, 3_000));
      expect((await waitForOrder(shopper, orderId, ["placed", "paid", "shipped", "cancelled"])).status).toBe("paid");
      // ...because its announcement was refused: the saga's step failed and waits to run again.
      expect(readFileSync(join(cluster().logDir, "orders.log"), "utf8")).toContain(`Publishing order.paid:${orderId} to orders failed`);
    } finally {
      await redis.configSet(before);
      await redis.quit();
    }

    await waitForOrder(shopper, orderId, ["shipped"], 60_000);
    // Quiet first: a second shipment or notification would show up after the first.
    await new Promise((r) => setTimeout(r, 8_000));
    const { shipment } = await adminOrder(orderId);
    expect(shipment?.orderId).toBe(orderId);
    const feed = ((await (await api("/api/notifications", { shopper })).json()) as { items: { type: string; orderId: string }[] }).items;
    expect(feed.filter((n) => n.orderId === orderId).map((n) => n.type).sort()).toEqual(["order.paid", "order.placed", "order.shipped"]);
    expect(await (await api(`/api/inventory/${items[0]!.isbn}`)).json()).toMatchObject({ available: 4 });
  }, 240_000);
});

// Waits for the order's row to appear in its SQL store and locks it (SELECT ... FOR UPDATE) the
// moment it does. `held` gives the order's status as the lock found it; the lock is let go
// `ms` later (`released`).
function lockOrderRowOnceWritten(orderId: string, ms: number): { held: Promise<string>; released: Promise<void> } {
  const key = `orders||order:${orderId}`;
  const mysqlDb = backendOf("orders") === "mysql";
  let release!: () => void;
  const releasedSignal = new Promise<void>((r) => (release = r));
  const held = (async () => {
    const db = mysqlDb ? await mysql.createConnection({ host: "127.0.0.1", port: 3306, user: "root", password: "" }) : new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
    const query = async (sql: string, params: unknown[] = []) =>
      db instanceof pg.Client ? (await db.query(sql, params)).rows : ((await db.query(sql, params))[0] as Record<string, unknown>[]);
    if (db instanceof pg.Client) await db.connect();
    const select = mysqlDb ? "SELECT value FROM quire_state.orderstore WHERE id = ? FOR UPDATE NOWAIT" : "SELECT value FROM quire_orderstore_state WHERE key = $1 FOR UPDATE NOWAIT";
    const deadline = Date.now() + 20_000;
    for (;;) {
      await query("BEGIN");
      const rows = await query(select, [key]).catch(() => []); // not written yet, or its writer still holds it
      if (rows.length > 0) {
        // JSON to MySQL, bytes to PostgreSQL (v2 keeps values as bytea).
        const value = rows[0]!.value;
        const order = (typeof value === "string" || Buffer.isBuffer(value) ? JSON.parse(value.toString()) : value) as { status: string };
        setTimeout(async () => {
          await query("COMMIT");
          await db.end();
          release();
        }, ms);
        return order.status;
      }
      await query("ROLLBACK");
      if (Date.now() > deadline) throw new Error(`order ${orderId} never appeared in its store`);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return { held, released: held.then(() => releasedSignal) };
}
