// The chart and the images list what the run file and components/ already say; these fail when
// they drift apart (no tools needed; `make test-deploy` runs the real helm and kubeconform).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { kubernetesProfileValues, profiles } from "../../scripts/profile.ts";
import { loadTopology, repoRoot } from "../../scripts/topology.ts";

const chart = join(repoRoot, "deploy/helm/quire");
const values = parse(readFileSync(join(chart, "values.yaml"), "utf8")) as { services: Record<string, { port: number; appPort?: boolean }> };
const apps = loadTopology().apps;
const dockerfile = readFileSync(join(repoRoot, "Dockerfile"), "utf8");

describe("the chart's profiles", () => {
  it("has one values file per profile of components/profiles.yaml", () => {
    expect(readdirSync(join(chart, "profiles")).sort()).toEqual(Object.keys(profiles()).map((p) => `${p}.yaml`).sort());
  });

  it.each(Object.keys(profiles()))("profiles/%s.yaml is what scripts/profile.ts renders from components/ (rewrite: profile.ts --kubernetes deploy/helm/quire)", (name) => {
    expect(readFileSync(join(chart, "profiles", `${name}.yaml`), "utf8")).toBe(kubernetesProfileValues(name));
  });
});

describe("the chart's apps are the run file's", () => {
  it("lists the same app ids", () => {
    expect(Object.keys(values.services).sort()).toEqual(apps.map((a) => a.appID).sort());
  });

  it.each(apps.map((a) => [a.appID, a] as const))("%s: same port, called by its sidecar only if the run file gives it an app port", (id, app) => {
    const svc = values.services[id]!;
    expect(svc.port).toBe(app.appPort ?? Number(app.env.PORT));
    expect(svc.appPort !== false).toBe(app.appPort !== undefined);
  });
});

describe("the Dockerfile", () => {
  const targets = [...dockerfile.matchAll(/^FROM runtime AS ([a-z-]+)\n(?:.*\n)*?EXPOSE (\d+)$/gm)].map((m) => [m[1], Number(m[2])]);
  it("has one target per app, exposing its port", () => {
    expect(Object.fromEntries(targets)).toEqual(Object.fromEntries(apps.map((a) => [a.appID, a.appPort ?? Number(a.env.PORT)])));
  });

  it("copies every workspace's package.json before npm ci", () => {
    const workspaces = ["packages", "services"].flatMap((dir) => readdirSync(join(repoRoot, dir)).map((name) => `${dir}/${name}`));
    for (const ws of workspaces) expect(dockerfile).toContain(`COPY ${ws}/package.json ${ws}/`);
  });
});
