import type { TestProject } from "vitest/node";
import { resolveProfile } from "../../scripts/profile.ts";
import { Cluster, SUITE_PORT_OFFSET, type ClusterInfo } from "./cluster.ts";

declare module "vitest" {
  export interface ProvidedContext {
    cluster: ClusterInfo;
  }
}

// One real topology for the whole system suite, on the profile the environment names (PROFILE,
// or STATE/PUBSUB/STATE_FOR; default Redis); torn down even when tests fail.
export default async function setup(project: TestProject) {
  const cluster = new Cluster(SUITE_PORT_OFFSET, 1, resolveProfile(process.env));
  const stopOnSignal = () => void cluster.stop().finally(() => process.exit(1));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  const started = Date.now();
  project.provide("cluster", await cluster.start());
  console.log(`[system] profile ${cluster.profile.name}: topology healthy in ${((Date.now() - started) / 1000).toFixed(1)}s; logs in ${cluster.logDir}`);
  return async () => {
    await cluster.stop();
  };
}
