import { defineProject } from "vitest/config";

// System tests: real daprd sidecars, real Redis, the apps as they run in `make run`.
// RabbitMQ's kill runs on its own (`make test-chaos-limits`), not in `make test`: Dapr 1.18.2's
// component reports a publish the broker never confirmed as done, so an event in flight at the
// kill can be lost (README, "Known limits").
export default defineProject({
  test: {
    name: "system",
    include: ["**/*.test.ts"],
    exclude: process.env.CHAOS_LIMITS === "1" ? [] : ["chaos/rabbitmq.test.ts"],
    globalSetup: ["./harness/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
