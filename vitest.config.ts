import { defineConfig } from "vitest/config";

// Unit projects (packages/*, services/*) run in-process with in-memory adapters; the "system"
// project in tests/ boots real daprd sidecars against the real stores and brokers. deploy/test:
// "unit:deploy" keeps the chart and images in step with the run file and components/ (fast, no
// tools); "deploy" runs the pinned helm and kubeconform on the chart (`make test-deploy`).
export default defineConfig({
  test: {
    projects: [
      "packages/*",
      "services/*",
      "tests",
      "bench",
      { test: { name: "unit:deploy", include: ["deploy/test/*.unit.test.ts"] } },
      { test: { name: "deploy", include: ["deploy/test/*.tools.test.ts"], testTimeout: 120_000 } },
    ],
  },
});
