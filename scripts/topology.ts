import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
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
    placementHostAddress: z.string().regex(/^127\.0\.0\.1:\d+$/),
  }),
  apps: z.array(appSchema).min(1),
});

export type AppSpec = z.infer<typeof appSchema> & { dir: string; configFile: string };
export type Topology = {
  apps: AppSpec[];
  resourcesPaths: string[];
  appHealthCheckPath: string | undefined;
  placementPort: number;
  controlPlane: Record<string, number>;
};

// Where a sidecar started with SIDECAR_PROFILING serves Go's pprof: its HTTP port + 4300 (gateway
// 7800, catalog 7801), clear of every port above and below Linux's ephemeral range.
export const profilePort = (app: Pick<AppSpec, "daprHTTPPort">) => app.daprHTTPPort + 4300;

// Reads the multi-app run file, the one place the topology is written down.
export function loadTopology(path = runFilePath): Topology {
  const raw = runFileSchema.parse(parse(readFileSync(path, "utf8")));
  const base = dirname(path);
  return {
    apps: raw.apps.map((a) => {
      const dir = resolve(base, a.appDirPath);
      return { ...a, dir, configFile: resolve(dir, a.configFilePath) };
    }),
    resourcesPaths: raw.common.resourcesPaths.map((p) => resolve(base, p)),
    appHealthCheckPath: raw.common.appHealthCheckPath,
    placementPort: Number(raw.common.placementHostAddress.split(":")[1]),
    controlPlane: readControlPlanePorts(),
  };
}

// dapr/control-plane.env: NAME=port lines, shared with scripts/control-plane.sh.
function readControlPlanePorts(): Record<string, number> {
  const text = readFileSync(resolve(repoRoot, "dapr/control-plane.env"), "utf8");
  return Object.fromEntries([...text.matchAll(/^([A-Z_]+)=(\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}
