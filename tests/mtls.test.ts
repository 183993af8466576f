import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect as http2Connect } from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cluster } from "./harness/client.ts";
import { CONTROL_PLANE_TEST_OFFSET } from "./harness/cluster.ts";
import { startProcess, stopProcess, waitFor, type Started } from "./harness/processes.ts";
import { daprdPath, loadTopology, repoRoot } from "../scripts/topology.ts";

// mTLS proven, not only configured. A sidecar calls another on its internal gRPC port, over TLS
// with a certificate from sentry, and the callee checks the caller's identity against its access
// list. Two intruders try: a daprd whose certificate comes from another certificate authority,
// calling itself "gateway" (the app every access list trusts most), and a caller with no
// certificate at all, straight at a sidecar's internal port.
const topology = loadTopology();
const script = join(repoRoot, "scripts/control-plane.sh");
const shifted = (port: number) => port + CONTROL_PLANE_TEST_OFFSET;
// Beside the shifted control plane's ports, below the ephemeral range, apart from every cluster's.
const ROGUE = { http: 24_600, grpc: 24_601, metrics: 24_602 };

// Where a sidecar serves other sidecars, as name resolution hands it out (dapr/config: SQLite).
function internalAddress(appId: string): { host: string; port: number } {
  const db = new DatabaseSync(join(cluster().runDir, "nr.db"), { readOnly: true });
  try {
    const row = db.prepare("SELECT address FROM hosts WHERE app_id = ? ORDER BY last_update DESC LIMIT 1").get(appId) as { address: string } | undefined;
    if (!row) throw new Error(`${appId} is not registered in name resolution`);
    const [host, port] = row.address.split(":");
    return { host: host!, port: Number(port) };
  } finally {
    db.close();
  }
}

describe("a daprd with another certificate authority's certificate", () => {
  const runDir = mkdtempSync(join(tmpdir(), "quire-rogue-"));
  const env = { ...process.env, RUN_DIR: runDir, PORT_OFFSET: String(CONTROL_PLANE_TEST_OFFSET), DAPR_ONLY: "1" };
  let rogue: Started | undefined;

  beforeAll(async () => {
    // Its own sentry, with its own root: a certificate authority Quire's sidecars never trusted.
    execFileSync(script, ["start"], { env, stdio: ["ignore", "ignore", "inherit"] });
    mkdirSync(join(runDir, "resources"));
    rogue = startProcess(
      "rogue-gateway-daprd",
      daprdPath(),
      [
        "--app-id", "gateway",
        "--dapr-http-port", String(ROGUE.http),
        "--dapr-grpc-port", String(ROGUE.grpc),
        "--metrics-port", String(ROGUE.metrics),
        "--dapr-listen-addresses", "127.0.0.1",
        // The real gateway's Configuration: same name resolution, so it finds Quire's sidecars.
        "--config", join(cluster().runDir, "config-gateway.yaml"),
        "--resources-path", join(runDir, "resources"),
        "--enable-mtls", "--sentry-address", `127.0.0.1:${shifted(topology.controlPlane.SENTRY_PORT!)}`,
        "--placement-host-address", `127.0.0.1:${shifted(topology.placementPort)}`,
        "--scheduler-host-address", `127.0.0.1:${shifted(topology.controlPlane.SCHEDULER_PORT!)}`,
        "--log-level", "info",
      ],
      { cwd: runDir, env: { ...process.env, DAPR_TRUST_ANCHORS: readFileSync(join(runDir, "sentry/ca.crt"), "utf8"), DAPR_API_TOKEN: "rogue" }, logDir: cluster().logDir },
    );
    await waitFor("the rogue daprd", async () => (await fetch(`http://127.0.0.1:${ROGUE.http}/v1.0/healthz/outbound`)).ok);
  }, 120_000);

  afterAll(async () => {
    if (rogue) await stopProcess(rogue);
    execFileSync(script, ["stop"], { env, stdio: "ignore" });
    rmSync(runDir, { recursive: true, force: true });
  });

  it("got a certificate of its own, yet reaches no Quire app, while the real gateway's sidecar does", async () => {
    // Its own sentry signed it a workload certificate: it is a sidecar in every respect but trust.
    expect(readFileSync(rogue!.logFile, "utf8")).toMatch(/Security is initialized successfully/);
    for (const callee of ["catalog", "cart", "users", "storefront", "orders"]) {
      const res = await fetch(`http://127.0.0.1:${ROGUE.http}/v1.0/invoke/${callee}/method/healthz`, { headers: { "dapr-api-token": "rogue" } });
      const body = await res.text();
      expect(res.status, `${callee}: ${body}`).toBeGreaterThanOrEqual(500);
      expect(body, callee).toMatch(/authentication handshake failed|certificate|x509|tls/i);
    }
    const { daprHttpPort, daprToken } = cluster().apps.gateway!;
    expect((await fetch(`http://127.0.0.1:${daprHttpPort}/v1.0/invoke/catalog/method/healthz`, { headers: { "dapr-api-token": daprToken } })).status).toBe(200);
  });
});

describe("a caller without a certificate", () => {
  // An HTTP/2 (gRPC) request to a sidecar's internal port; resolves with what came back.
  const call = (url: string, options: { ca?: string } = {}) =>
    new Promise<{ status?: number; error?: string }>((resolve) => {
      const session = http2Connect(url, { rejectUnauthorized: false, ...options });
      const done = (result: { status?: number; error?: string }) => {
        session.destroy();
        resolve(result);
      };
      session.on("error", (err: NodeJS.ErrnoException) => done({ error: err.code ?? err.message }));
      const req = session.request({ ":method": "POST", ":path": "/dapr.proto.internals.v1.ServiceInvocation/CallLocal", "content-type": "application/grpc" });
      req.on("response", (headers) => done({ status: Number(headers[":status"]) }));
      req.on("error", (err: NodeJS.ErrnoException) => done({ error: err.code ?? err.message }));
      req.end(Buffer.alloc(5));
      setTimeout(() => done({ error: "no answer within 5 s" }), 5000).unref();
    });

  it.each(["catalog", "payments", "users"])("gets nothing from %s's sidecar: no TLS without a client certificate, no plain HTTP/2", async (appId) => {
    const { host, port } = internalAddress(appId);
    const tls = await call(`https://${host}:${port}`);
    expect(tls.status, JSON.stringify(tls)).toBeUndefined();
    expect(tls.error).toMatch(/CERTIFICATE_REQUIRED|ECONNRESET|ERR_HTTP2|socket|closed/i);
    const plain = await call(`http://${host}:${port}`);
    expect(plain.status, JSON.stringify(plain)).toBeUndefined();
  });
});
