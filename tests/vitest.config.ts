import { defineProject } from "vitest/config";

// System tests: real daprd sidecars, real Redis, the apps as they run in `make run`.
// chaos/rabbitmq.test.ts runs on its own (`make test-broker-chaos`), not in `make test`: with Dapr
// 1.18.2's RabbitMQ component it fails, because the component reports a publish the broker never
// confirmed as done, so the event in flight at the kill is lost (README, "Known limits").
export default defineProject({
  test: {
    name: "system",
    include: ["**/*.test.ts"],
    exclude: process.env.BROKER_CHAOS === "1" ? [] : ["chaos/rabbitmq.test.ts"],
    globalSetup: ["./harness/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
