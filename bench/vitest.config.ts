import { defineProject } from "vitest/config";

// The bench's own logic (percentiles, ratios, the table, the load pacer), not the benchmark:
// that one needs a running Quire and is `make bench`.
export default defineProject({ test: { name: "unit:bench", include: ["*.test.ts"] } });
