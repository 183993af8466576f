import { defineProject } from "vitest/config";

// System tests: real daprd sidecars, real Redis, the apps as they run in `make run`.
export default defineProject({
  test: {
    name: "system",
    include: ["**/*.test.ts"],
    globalSetup: ["./harness/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // Concurrent tests (the security suite's refusal table, 24 calls that each wait out Dapr's
    // retries) run together rather than five at a time.
    maxConcurrency: 30,
  },
});
