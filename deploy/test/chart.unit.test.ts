// The chart and the images list what the run file and components/ already say; these fail when
// they drift apart (no tools needed; `make test-deploy` runs the real helm and kubeconform).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { kubernetesProfileValues, profiles } from "../../scripts/profile.ts";
import { IMPLEMENTATIONS, loadTopology, repoRoot } from "../../scripts/topology.ts";

const chart = join(repoRoot, "deploy/helm/quire");
const values = parse(readFileSync(join(chart, "values.yaml"), "utf8")) as {
  services: Record<string, { port: number; appPort?: boolean; implementations?: string[] }>;
  implementations: Record<string, string>;
};
const apps = loadTopology().apps;
const port = (app: (typeof apps)[number]) => app.appPort ?? Number(app.env.PORT);
const dockerfile = readFileSync(join(repoRoot, "Dockerfile"), "utf8");
// The Dockerfile's stages: name, base (what FROM names) and text.
const stages = dockerfile.split(/^(?=FROM )/m).slice(1).map((text) => {
  const [, from, name] = /^FROM (\S+) AS ([a-z-]+)$/m.exec(text)!;
  return { name: name!, from: from!, text };
});
// Every other implementation of an app id is a target of its own: <app-id>-<name> (scripts/images.sh
// tags it quire/<app-id>-<name>, the chart's implementations value picks it).
const implementationTargets = Object.entries(IMPLEMENTATIONS).flatMap(([id, impls]) => Object.keys(impls).map((name) => ({ id, name, target: `${id}-${name}` })));

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
    expect(svc.port).toBe(port(app));
    expect(svc.appPort !== false).toBe(app.appPort !== undefined);
  });

  it("offers the other implementations scripts/topology.ts knows (IMPLEMENTATIONS), each app id's own by default", () => {
    const offered = Object.fromEntries(Object.entries(values.services).flatMap(([id, svc]) => (svc.implementations ? [[id, svc.implementations]] : [])));
    expect(offered).toEqual(Object.fromEntries(Object.entries(IMPLEMENTATIONS).map(([id, impls]) => [id, Object.keys(impls)])));
    expect(values.implementations).toEqual(Object.fromEntries(Object.keys(IMPLEMENTATIONS).map((id) => [id, "typescript"])));
  });
});

describe("the Dockerfile", () => {
  // A service target is a stage that EXPOSEs a port (scripts/images.sh builds exactly those).
  const targets = stages.flatMap((s) => {
    const exposed = /^EXPOSE (\d+)$/m.exec(s.text);
    return exposed ? [[s.name, Number(exposed[1])] as const] : [];
  });

  it("has one target per app and per other implementation of one, exposing the app's port", () => {
    const byId = new Map(apps.map((a) => [a.appID, a]));
    expect(Object.fromEntries(targets)).toEqual(
      Object.fromEntries([...apps.map((a) => [a.appID, port(a)] as const), ...implementationTargets.map((i) => [i.target, port(byId.get(i.id)!)] as const)]),
    );
  });

  it("copies every npm workspace's package.json before npm ci", () => {
    // npm takes a folder the workspaces' globs match as a workspace only if it has a package.json
    // (recommendations, in Python, and shipping-go have none).
    const globs = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { workspaces: string[] }).workspaces;
    const workspaces = globs
      .map((glob) => glob.replace(/\/\*$/, ""))
      .flatMap((dir) => readdirSync(join(repoRoot, dir)).map((name) => `${dir}/${name}`))
      .filter((ws) => existsSync(join(repoRoot, ws, "package.json")));
    expect(workspaces.length).toBeGreaterThan(10);
    for (const ws of workspaces) expect(dockerfile).toContain(`COPY ${ws}/package.json ${ws}/`);
  });

  it("builds the TypeScript apps on Node (the runtime stage) and the others on Debian, each started the way the run file starts it", () => {
    const from = Object.fromEntries(stages.map((s) => [s.name, s.from]));
    for (const app of apps) {
      const node = app.command[0] === "node";
      expect(from[app.appID], app.appID).toBe(node ? "runtime" : "${DEBIAN_IMAGE}");
    }
    for (const i of implementationTargets) expect(from[i.target], i.target).toBe("${DEBIAN_IMAGE}");
    const cmd = (target: string) => JSON.parse(/^CMD (.*)$/m.exec(stages.find((s) => s.name === target)!.text)![1]!) as string[];
    // The TypeScript apps' targets inherit the runtime's CMD: the bundle, as run.yaml runs it.
    for (const app of apps.filter((a) => a.command[0] === "node")) expect(app.command, app.appID).toEqual(cmd("runtime"));
    // run.yaml: python.sh exec -m src.main, in the app's folder; IMPLEMENTATIONS: ./bin/shipping.
    expect(cmd("recommendations")).toEqual(["/usr/bin/python3", ...apps.find((a) => a.appID === "recommendations")!.command.slice(2)]);
    expect(cmd("shipping-go")).toEqual(["/app/shipping"]);
    expect(IMPLEMENTATIONS.shipping!.go!.command).toEqual(["./bin/shipping"]);
  });

  it("installs in the recommendations image the Debian packages, at the versions, scripts/python.sh installs (but pytest)", () => {
    const script = readFileSync(join(repoRoot, "scripts/python.sh"), "utf8");
    const pinned = /^PACKAGES=\(\n([\s\S]*?)\n\)$/m.exec(script)![1]!.split("\n").map((l) => l.trim()).filter((p) => !p.startsWith("python3-pytest="));
    const stage = stages.find((s) => s.name === "recommendations")!.text;
    const installed = [...stage.matchAll(/^\s+(python3-[a-z-]+=\S+)/gm)].map((m) => m[1]);
    expect(installed.sort()).toEqual(pinned.sort());
  });
});
