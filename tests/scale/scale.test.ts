import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveProfile } from "../../scripts/profile.ts";
import { checkoutBurst, expectBurstAccounted } from "../harness/burst.ts";
import { api, newShoppers, useCluster } from "../harness/client.ts";
import { Cluster, CRASH_PORT_OFFSET, type ClusterInfo } from "../harness/cluster.ts";

// Several instances of one app id, each with its own sidecar (SCALE): orders ×3, catalog ×2 and
// two gateways, on the crash tests' ports (those tests are over by now) and Redis database 4.
const cluster = new Cluster(CRASH_PORT_OFFSET, 4, resolveProfile({}), { scale: { orders: 3, catalog: 2, gateway: 2 } });
let info: ClusterInfo;

beforeAll(async () => {
  info = await cluster.start();
  useCluster(info);
}, 300_000);
afterAll(async () => {
  useCluster(undefined);
  await cluster.stop();
});

const books = async (page: number) => ((await (await api(`/api/books?page=${page}&pageSize=5`)).json()) as { items: { isbn: string }[] }).items;

// What one sidecar counts of the workflow activities its app ran (Dapr's own metric).
async function activitiesRunBy(instance: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${info.apps[instance]!.metricsPort}/metrics`)).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("dapr_runtime_workflow_activity_execution_count{"))
    .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
}

describe("scaled out: orders ×3, catalog ×2, two gateways", () => {
  it("orders ×3 takes a burst of 200 checkouts with one instance killed mid-way: every order ends once, on the others", async () => {
    const shoppers = await newShoppers(200);
    const { isbn } = (await books(14))[0]!;
    const result = await checkoutBurst({
      name: "orders x3, orders-3 killed",
      shoppers,
      isbn,
      copies: 25,
      // orders-3 and its sidecar die for good: placement moves its workflows to the other two.
      fault: async () => {
        await Promise.all([cluster.crash("orders-3"), cluster.crash("orders-3-daprd")]);
      },
    });
    await expectBurstAccounted("orders x3", isbn, 25, result);
    // The saga ran on more than one instance: each survivor's sidecar ran activities.
    const spread = { orders: await activitiesRunBy("orders"), "orders-2": await activitiesRunBy("orders-2") };
    console.log(`[figures] orders x3 burst: activities run per surviving instance ${JSON.stringify(spread)}`);
    expect(spread.orders).toBeGreaterThan(0);
    expect(spread["orders-2"]).toBeGreaterThan(0);
    cluster.restart("orders-3-daprd");
    cluster.restart("orders-3");
  }, 600_000);

  it("catalog ×2 with one killed under a steady read load: no read fails", async () => {
    const isbns = (await books(13)).map((b) => b.isbn);
    const failures: string[] = [];
    let reads = 0;
    let running = true;
    // 10 readers, one request at a time each, for the whole test.
    const readers = Array.from({ length: 10 }, async (_, r) => {
      for (let i = 0; running; i++) {
        const res = await api(`/api/books/${isbns[(r + i) % isbns.length]}`).catch((err: Error) => err);
        reads++;
        if (res instanceof Error || res.status !== 200) failures.push(res instanceof Error ? res.message : `${res.status}`);
      }
    });
    await new Promise((r) => setTimeout(r, 3000));
    const before = reads;
    await Promise.all([cluster.crash("catalog-2"), cluster.crash("catalog-2-daprd")]);
    await new Promise((r) => setTimeout(r, 10_000));
    running = false;
    await Promise.all(readers);
    console.log(`[figures] catalog-2 killed under load: ${reads} reads (${reads - before} after the kill), ${failures.length} failed`);
    expect(reads - before).toBeGreaterThan(100);
    expect(failures).toEqual([]);
    cluster.restart("catalog-2");
    cluster.restart("catalog-2-daprd");
  }, 120_000);

  it("the rate limit holds across two gateways: 300 requests per 60 s between them, not 300 each", async () => {
    const limited = { RATE_LIMIT: "300", RATE_LIMIT_WINDOW_SECONDS: "60" };
    for (const gateway of ["gateway", "gateway-2"]) {
      await cluster.stopApp(gateway);
      await cluster.startApp(gateway, limited);
    }
    try {
      // One client (one bearer token, counted before it is checked), alternating between the two.
      const token = `rate-limit-test-${randomUUID()}`;
      const statuses: number[] = [];
      for (let i = 0; i < 360; i++) {
        const res = await fetch(`${info.gatewayUrls[i % 2]}/api/books?page=1&pageSize=1`, { headers: { authorization: `Bearer ${token}` } });
        statuses.push(res.status);
        await res.arrayBuffer();
      }
      const admitted = statuses.filter((s) => s !== 429).length;
      console.log(`[figures] two gateways, limit 300/60s: ${admitted} of 360 admitted, ${statuses.length - admitted} refused with 429`);
      // Blocks of 1% are leased: at most one block (3) unspent in the other gateway.
      expect(admitted).toBeLessThanOrEqual(300);
      expect(admitted).toBeGreaterThanOrEqual(297);
      expect(statuses.slice(-30).every((s) => s === 429)).toBe(true);
    } finally {
      for (const gateway of ["gateway", "gateway-2"]) {
        await cluster.stopApp(gateway);
        await cluster.startApp(gateway);
      }
    }
  }, 120_000);
});
