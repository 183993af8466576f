import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { parse } from "yaml";
import { z } from "zod";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const runFilePath = resolve(repoRoot, "dapr/run.yaml");

const portSchema = z.number().int().min(1).max(65535);
const appSchema = z.object({
  appID: z.string(),
  appDirPath: z.string(),
  configFilePath: z.string(),
  command: z.array(z.string()).min(1),
  appPort: portSchema.optional(),
  daprHTTPPort: portSchema,
  daprGRPCPort: portSchema,
  metricsPort: portSchema,
  enableAppHealthCheck: z.boolean().optional(),
  env: z.record(z.string(), z.string()).default({}),
});
const runFileSchema = z.object({
  version: z.literal(1),
  common: z.object({
    resourcesPaths: z.array(z.string()).min(1),
    appHealthCheckPath: z.string().optional(),
    appHealthProbeTimeout: z.number().int().positive().optional(),
    placementHostAddress: z.string().regex(/^127\.0\.0\.1:\d+$/),
  }),
  apps: z.array(appSchema).min(1),
});

// One running instance of an app: `name` is the app id for the first instance and <app-id>-<n>
// for the n-th (its processes' and logs' names), every port moved by INSTANCE_PORT_STEP per instance.
export type AppSpec = z.infer<typeof appSchema> & { dir: string; configFile: string; name: string; instance: number };
export type Topology = {
  apps: AppSpec[];
  resourcesPaths: string[];
  appHealthCheckPath: string | undefined;
  appHealthProbeTimeout: number | undefined;
  placementPort: number;
  controlPlane: Record<string, number>;
};

// Other implementations of an app id, chosen with IMPL=<app-id>=<name>: the same app id, ports,
// Configuration and environment, from another folder with another command.
export const IMPLEMENTATIONS: Record<string, Record<string, { appDirPath: string; command: string[] }>> = {
  shipping: { go: { appDirPath: "../services/shipping-go", command: ["./bin/shipping"] } },
};
export type Impl = Record<string, string>;
export function parseImpl(value: string | undefined): Impl {
  if (!value?.trim()) return {};
  return Object.fromEntries(
    value.split(",").map((part) => {
      const [app = "", name = ""] = part.split("=").map((s) => s.trim());
      if (!IMPLEMENTATIONS[app]?.[name]) {
        const known = Object.entries(IMPLEMENTATIONS).flatMap(([a, impls]) => Object.keys(impls).map((n) => `${a}=${n}`));
        throw new Error(`IMPL: "${part}" is not a known implementation; known: ${known.join(", ")}`);
      }
      return [app, name];
    }),
  );
}

// How the run file starts a TypeScript app: its bundle (scripts/build.ts). `make dev` (DEV=1) runs
// the TypeScript itself through tsx instead, so a change needs only a restart, no build.
export const BUNDLE_COMMAND = ["node", "dist/main.js"];
const SOURCE_COMMAND = ["node", "--import", "tsx", "src/main.ts"];
export function fromSource(app: AppSpec): AppSpec {
  return isDeepStrictEqual(app.command, BUNDLE_COMMAND) ? { ...app, command: SOURCE_COMMAND } : app;
}

// Where a sidecar started with SIDECAR_PROFILING serves Go's pprof: its HTTP port + 4300 (gateway
// 7800, catalog 7801), clear of every port above and below Linux's ephemeral range.
export const profilePort = (app: Pick<AppSpec, "daprHTTPPort">) => app.daprHTTPPort + 4300;

// Reads the multi-app run file, the one place the topology is written down, with `scale`
// instances of the apps it names (SCALE=orders=3,catalog=2; one of every other app) and the
// implementations `impl` picks (IMPL=shipping=go).
export function loadTopology(path = runFilePath, scale: Scale = {}, impl: Impl = {}): Topology {
  const raw = runFileSchema.parse(parse(readFileSync(path, "utf8")));
  const base = dirname(path);
  const unknown = Object.keys(scale).filter((id) => !raw.apps.some((a) => a.appID === id));
  if (unknown.length > 0) throw new Error(`SCALE names ${unknown.join(", ")}, which dapr/run.yaml does not have; its apps: ${raw.apps.map((a) => a.appID).join(", ")}`);
  return {
    apps: raw.apps.flatMap((declared) => {
      const chosen = impl[declared.appID];
      const a = chosen ? { ...declared, ...IMPLEMENTATIONS[declared.appID]![chosen]! } : declared;
      const dir = resolve(base, a.appDirPath);
      return Array.from({ length: scale[a.appID] ?? 1 }, (_, i) => instance({ ...a, dir, configFile: resolve(dir, a.configFilePath), name: a.appID, instance: 1 }, i + 1));
    }),
    resourcesPaths: raw.common.resourcesPaths.map((p) => resolve(base, p)),
    appHealthCheckPath: raw.common.appHealthCheckPath,
    appHealthProbeTimeout: raw.common.appHealthProbeTimeout,
    placementPort: Number(raw.common.placementHostAddress.split(":")[1]),
    controlPlane: readControlPlanePorts(),
  };
}

// dapr/control-plane.env: NAME=port lines, shared with scripts/control-plane.sh.
function readControlPlanePorts(): Record<string, number> {
  const text = readFileSync(resolve(repoRoot, "dapr/control-plane.env"), "utf8");
  return Object.fromEntries([...text.matchAll(/^([A-Z_]+)=(\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

// How many instances of each app id: "orders=3,catalog=2" (SCALE). Each runs with its own sidecar.
export type Scale = Record<string, number>;
export function parseScale(value: string | undefined): Scale {
  if (!value?.trim()) return {};
  return Object.fromEntries(
    value.split(",").map((part) => {
      const match = /^\s*([a-z][a-z0-9-]*)=([1-9]\d?)\s*$/.exec(part);
      if (!match) throw new Error(`SCALE: "${part}" is not <app-id>=<instances 1-99>, e.g. SCALE=orders=3,catalog=2`);
      return [match[1]!, Number(match[2])];
    }),
  );
}

// The n-th instance's ports: the first instance's plus (n-1) steps, which keeps every port of up to
// four instances clear of the others' (apps 30xx, sidecars 35xx, 191xx, 91xx) and of the control plane.
export const INSTANCE_PORT_STEP = 100;
function instance(app: AppSpec, n: number): AppSpec {
  if (n === 1) return app;
  const shift = (port: number) => port + (n - 1) * INSTANCE_PORT_STEP;
  return {
    ...app,
    name: `${app.appID}-${n}`,
    instance: n,
    ...(app.appPort ? { appPort: shift(app.appPort) } : {}),
    daprHTTPPort: shift(app.daprHTTPPort),
    daprGRPCPort: shift(app.daprGRPCPort),
    metricsPort: shift(app.metricsPort),
    env: { ...app.env, ...(app.env.PORT ? { PORT: String(shift(Number(app.env.PORT))) } : {}) },
  };
}

// `node --import tsx scripts/topology.ts ports`: what Prometheus scrapes, one "<sidecar|app> <port>"
// line per instance of SCALE (scripts/control-plane.sh shifts them with its run).
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === "ports") {
  for (const app of loadTopology(runFilePath, parseScale(process.env.SCALE), parseImpl(process.env.IMPL)).apps) {
    console.log(`sidecar ${app.metricsPort}`);
    if (app.env.PORT) console.log(`app ${app.env.PORT}`);
  }
}

// The app health check's daprd flags, as the run file sets them (`dapr run -f` reads the same fields).
function appHealthFlags(app: AppSpec, topology: Topology): string[] {
  if (!app.appPort || !app.enableAppHealthCheck) return [];
  const timeout = topology.appHealthProbeTimeout;
  return ["--enable-app-health-check", "--app-health-check-path", topology.appHealthCheckPath ?? "/healthz", ...(timeout ? ["--app-health-probe-timeout", String(timeout)] : [])];
}

// Where a port of the run file really is: itself under `make run`, shifted in a test cluster.
export type PortMap = (port: number) => number;
const samePort: PortMap = (port) => port;

export function daprdPath(): string {
  return join(process.env.DAPR_HOME ?? join(homedir(), ".dapr"), "bin", "daprd");
}

// One app's daprd flags, for `make run` (scripts/run-apps.ts) and the test harness alike: what
// `dapr run -f` derives from the run file, and the scheduler, which its CLI 1.12 cannot pass.
// Every Configuration enables mTLS (tests/topology.test.ts), so every daprd asks sentry.
export function daprdArgs(
  app: AppSpec,
  topology: Topology,
  options: { port?: PortMap; configFile: string; resourcesPaths: string[]; logLevel: "debug" | "info" | "warn" | "error"; profiling?: boolean },
): string[] {
  const { port = samePort, configFile, resourcesPaths, logLevel, profiling = false } = options;
  const local = (p: number) => `127.0.0.1:${port(p)}`;
  return [
    "--app-id", app.appID,
    "--dapr-http-port", String(port(app.daprHTTPPort)),
    "--dapr-grpc-port", String(port(app.daprGRPCPort)),
    "--metrics-port", String(port(app.metricsPort)),
    "--dapr-listen-addresses", "127.0.0.1",
    "--config", configFile,
    "--log-level", logLevel,
    "--enable-mtls", "--sentry-address", local(topology.controlPlane.SENTRY_PORT!),
    "--placement-host-address", local(topology.placementPort),
    "--scheduler-host-address", local(topology.controlPlane.SCHEDULER_PORT!),
    ...resourcesPaths.flatMap((p) => ["--resources-path", p]),
    ...(app.appPort ? ["--app-port", String(port(app.appPort)), "--app-protocol", "http"] : []),
    ...appHealthFlags(app, topology),
    ...(profiling ? ["--enable-profiling", "--profile-port", String(port(profilePort(app)))] : []),
  ];
}

// An app's own pair: daprToken opens its sidecar's API, appToken is what its sidecar presents to
// it. Fresh per run and per instance, so no process holds another app's.
export type SidecarTokens = { daprToken: string; appToken: string };
export function freshTokens(): SidecarTokens {
  return { daprToken: randomBytes(16).toString("hex"), appToken: randomBytes(16).toString("hex") };
}

// What an app (and its daprd) is told of the other by the environment, the names `dapr run` sets.
export function daprEnv(app: AppSpec, tokens: SidecarTokens, port: PortMap = samePort): Record<string, string> {
  return {
    APP_ID: app.appID,
    DAPR_HTTP_PORT: String(port(app.daprHTTPPort)),
    DAPR_GRPC_PORT: String(port(app.daprGRPCPort)),
    DAPR_API_TOKEN: tokens.daprToken,
    APP_API_TOKEN: tokens.appToken,
  };
}
