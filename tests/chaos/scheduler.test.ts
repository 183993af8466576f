import { afterAll, beforeAll, describe, it } from "vitest";
import { resolveProfile } from "../../scripts/profile.ts";
import { checkoutBurst, expectBurstAccounted, killMidway } from "../harness/burst.ts";
import { api, newShoppers, useCluster } from "../harness/client.ts";
import { Cluster, CRASH_PORT_OFFSET } from "../harness/cluster.ts";

// The scheduler (every workflow timer and actor reminder) SIGKILLed mid-burst and started again,
// on the crash tests' ports (those tests are over by now) and Redis database 5. Run by
// `make test-chaos-limits`, not `make test`: with Dapr 1.18.2 a workflow whose next step's
// reminder was being written while the scheduler was down can wait for good ("Error scheduling
// reminder job run-activity … connection refused"; README, "Known limits").
const cluster = new Cluster(CRASH_PORT_OFFSET, 5, resolveProfile({}));

beforeAll(async () => useCluster(await cluster.start()), 300_000);
afterAll(async () => {
  useCluster(undefined);
  await cluster.stop();
});

describe("the scheduler", () => {
  it("killed mid-burst: every order ends, stock conserved, each paid order charged and shipped once", async () => {
    const { isbn } = ((await (await api("/api/books?page=7&pageSize=5")).json()) as { items: { isbn: string }[] }).items[1]!;
    const result = await checkoutBurst({
      name: "chaos scheduler",
      shoppers: await newShoppers(200),
      isbn,
      copies: 25,
      fault: killMidway("scheduler", () => cluster.crash("scheduler"), async () => cluster.restart("scheduler")),
    });
    await expectBurstAccounted("chaos scheduler", isbn, 25, result);
  }, 600_000);
});
