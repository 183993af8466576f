import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { resolveProfile } from "../../scripts/profile.ts";
import { checkoutBurst, expectBurstAccounted, killMidway } from "../harness/burst.ts";
import { api, newShoppers, useCluster } from "../harness/client.ts";
import { Cluster, CRASH_PORT_OFFSET } from "../harness/cluster.ts";
import { waitFor } from "../harness/processes.ts";

// The broker killed on its own profile: the rabbitmq profile (stores on Redis, events through
// RabbitMQ), on the crash tests' ports (those tests are over by now) and Redis database 3, with a
// RabbitMQ node of its own that the test SIGKILLs mid-burst and starts again on the same data.
const cluster = new Cluster(CRASH_PORT_OFFSET, 3, resolveProfile({ PROFILE: "rabbitmq" }), { ownRabbitMQ: true });

beforeAll(async () => useCluster(await cluster.start()), 300_000);
afterAll(async () => {
  useCluster(undefined);
  await cluster.stop();
});

// The RabbitMQ component of Dapr 1.18.2 (components-contrib 1.18) can leave a subscriber's old
// consumers registered after the broker comes back, each holding up to prefetchCount messages
// unacknowledged for good (components-contrib issue 4540; README, "Known limits"): a sidecar with
// two subscriptions reconnects both at once on one channel. Every app here runs one instance, so
// a queue with more than one consumer has leaked some; the remedy is to restart that subscriber's
// sidecar, and the broker hands the parked messages to the new one. Says what it found.
async function releaseParkedMessages(): Promise<void> {
  const leaking = cluster.rabbitmqQueues().filter((q) => q.consumers > 1);
  const subscriberOf = (queue: string) => Object.keys(cluster.info().apps).find((id) => queue.startsWith(`${id}-`))!;
  for (const queue of leaking) console.log(`[chaos] queue ${queue.name}: ${queue.consumers} consumers, ${queue.messages_unacknowledged} messages parked (components-contrib issue 4540)`);
  for (const app of new Set(leaking.map((q) => subscriberOf(q.name)))) {
    console.log(`[chaos] restarting ${app}'s sidecar`);
    await cluster.crash(`${app}-daprd`);
    cluster.restart(`${app}-daprd`);
  }
  if (leaking.length === 0) console.log("[chaos] every queue has one consumer after the broker's restart");
  await waitFor("every queue to have one consumer", async () => cluster.rabbitmqQueues().every((q) => q.consumers === 1), { timeoutMs: 60_000, intervalMs: 1000 });
}

describe("the rabbitmq profile", () => {
  it("ends every order of a burst with RabbitMQ killed mid-way, conserves stock, charges and ships each paid order once", async () => {
    const { isbn } = ((await (await api("/api/books?page=7&pageSize=5")).json()) as { items: { isbn: string }[] }).items[0]!;
    const result = await checkoutBurst({
      name: "chaos rabbitmq",
      shoppers: await newShoppers(200),
      isbn,
      copies: 25,
      fault: killMidway("rabbitmq", () => cluster.crash("rabbitmq"), async () => cluster.restart("rabbitmq")),
    });
    await releaseParkedMessages();
    // What the component admits: a publish the broker never confirmed, reported to the app as done.
    const unconfirmed = readdirSync(cluster.logDir)
      .filter((f) => f.endsWith("-daprd.log"))
      .flatMap((f) => readFileSync(join(cluster.logDir, f), "utf8").split("\n").filter((l) => l.includes("did not receive confirmation of publishing")).map(() => f));
    console.log(`[figures] chaos rabbitmq: ${unconfirmed.length} publishes reported done without the broker's confirmation (${unconfirmed.join(", ") || "none"})`);
    await expectBurstAccounted("chaos rabbitmq", isbn, 25, result);
  }, 600_000);
});
