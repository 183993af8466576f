import { defineConfig } from "vitest/config";

// Unit projects (packages/*, services/*) run in-process with in-memory adapters; the "system"
// project in tests/ boots real daprd sidecars against the real stores and brokers.
export default defineConfig({
  test: {
    projects: ["packages/*", "services/*", "tests", "bench"],
  },
});
