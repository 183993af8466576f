import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONTROL_PLANE_TEST_OFFSET } from "./harness/cluster.ts";
import { repoRoot } from "../scripts/topology.ts";

const script = join(repoRoot, "scripts/control-plane.sh");
const credentials = ["ca.crt", "issuer.crt", "issuer.key"];

// Sentry watches its credentials folder and restarts its CA (refusing connections meanwhile)
// whenever a file there changes. Left to write its own certificates on a first start, it saw its
// own writes and reloaded up to three times in the first seconds, and a daprd asking for its
// certificate then exited for good. Cold boots with a fresh folder: sentry finds its credentials
// ready, never rewrites them and never reloads.
describe("a cold start of the control plane", () => {
  it.each([1, 2, 3])("with a fresh sentry (boot %i) never reloads its certificate authority", async () => {
    const runDir = mkdtempSync(join(tmpdir(), "quire-control-plane-"));
    const env = { ...process.env, RUN_DIR: runDir, PORT_OFFSET: String(CONTROL_PLANE_TEST_OFFSET), DAPR_ONLY: "1" };
    try {
      execFileSync(script, ["start"], { env, stdio: ["ignore", "ignore", "inherit"] });
      const written = credentials.map((f) => statSync(join(runDir, "sentry", f)).mtimeMs);
      // Past sentry's 2 s batching of file events: a reload would have been logged by now.
      await new Promise((r) => setTimeout(r, 4_000));
      expect(readFileSync(join(runDir, "sentry.log"), "utf8")).not.toMatch(/Issuer credentials changed/i);
      expect(credentials.map((f) => statSync(join(runDir, "sentry", f)).mtimeMs)).toEqual(written);
      // The root it trusts signed the issuer it signs with.
      execFileSync("openssl", ["verify", "-CAfile", join(runDir, "sentry/ca.crt"), join(runDir, "sentry/issuer.crt")], { stdio: "ignore" });
    } finally {
      execFileSync(script, ["stop"], { env, stdio: "ignore" });
      rmSync(runDir, { recursive: true, force: true });
    }
  }, 60_000);
});
