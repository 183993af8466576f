import { afterAll, beforeAll, describe, it } from "vitest";
import { resolveProfile } from "../../scripts/profile.ts";
import { checkoutBurst, expectBurstAccounted, killMidway } from "../harness/burst.ts";
import { api, newShoppers, useCluster } from "../harness/client.ts";
import { Cluster, CRASH_PORT_OFFSET } from "../harness/cluster.ts";

// The broker killed on its own profile: the rabbitmq profile (stores on Redis, events through
// RabbitMQ), on the crash tests' ports (those tests are over by now) and Redis database 3, with a
// RabbitMQ node of its own that the test SIGKILLs mid-burst and starts again on the same data.
const cluster = new Cluster(CRASH_PORT_OFFSET, 3, resolveProfile({ PROFILE: "rabbitmq" }), { ownRabbitMQ: true });

beforeAll(async () => useCluster(await cluster.start()), 300_000);
afterAll(async () => {
  useCluster(undefined);
  await cluster.stop();
});

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
    await expectBurstAccounted("chaos rabbitmq", isbn, 25, result);
  }, 600_000);
});
