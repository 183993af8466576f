import type { TestProject } from "vitest/node";
import { buildServices } from "../../scripts/build.ts";
import { resolveProfile } from "../../scripts/profile.ts";
import { parseImpl, parseScale } from "../../scripts/topology.ts";
import { signInAdmin } from "./client.ts";
import { Cluster, SUITE_PORT_OFFSET, type ClusterInfo } from "./cluster.ts";
import { serveControl, type Control } from "./control.ts";
import { deadLetterBaseline, nothingLost } from "./ledger.ts";

declare module "vitest" {
  export interface ProvidedContext {
    cluster: ClusterInfo;
    control: Control;
  }
}

// One real topology for the whole system suite, on the profile the environment names (PROFILE,
// or STATE/PUBSUB/STATE_FOR; default Redis), with the instances (SCALE) and implementations (IMPL)
// it names; torn down even when tests fail. The apps run their bundles, built first when their
// sources changed.
export default async function setup(project: TestProject) {
  await buildServices();
  const cluster = new Cluster(SUITE_PORT_OFFSET, 1, resolveProfile(process.env), { scale: parseScale(process.env.SCALE), impl: parseImpl(process.env.IMPL) });
  const stopOnSignal = () => void cluster.stop().finally(() => process.exit(1));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  const started = Date.now();
  const info = await cluster.start();
  project.provide("cluster", info);
  const control = await serveControl(cluster);
  project.provide("control", { url: control.url, token: control.token });
  const baseline = await deadLetterBaseline(info).catch(async (err: unknown) => {
    await cluster.stop();
    throw err;
  });
  console.log(`[system] profile ${cluster.profile.name}${process.env.IMPL ? `, IMPL=${process.env.IMPL}` : ""}${process.env.SCALE ? `, SCALE=${process.env.SCALE}` : ""}: topology healthy in ${((Date.now() - started) / 1000).toFixed(1)}s; logs in ${cluster.logDir}`);
  return async () => {
    try {
      // The suite ends as it should: every order it made reached an end, and the dead-letter
      // topics hold exactly what the tests put there on purpose.
      const problems = await nothingLost(info, (await signInAdmin(info.gatewayUrl)).token, baseline);
      if (problems.length > 0) throw new Error(`[system] something was lost or left unfinished:\n  ${problems.join("\n  ")}`);
      console.log("[system] nothing lost: every order the suite made reached an end; the dead-letter topics hold only what tests put there");
    } finally {
      await control.close();
      await cluster.stop();
    }
  };
}
