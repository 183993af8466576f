// The chart, checked offline by real tools (`make test-deploy`): for every profile, `helm lint`,
// `helm template`, and kubeconform validating each rendered manifest against the Kubernetes
// schemas and Dapr's CRDs (scripts/kubeconform.sh makes both from Go modules). The components
// the chart renders must be the ones scripts/profile.ts renders for that profile.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { kubernetesComponents, profiles, resolveProfile } from "../../scripts/profile.ts";
import { repoRoot } from "../../scripts/topology.ts";

const chart = join(repoRoot, "deploy/helm/quire");
const tool = (script: string, what: string) => execFileSync(join(repoRoot, "scripts", script), [what], { encoding: "utf8" }).trim();
const helm = tool("helm.sh", "path");
const kubeconform = tool("kubeconform.sh", "path");
const schemas = tool("kubeconform.sh", "schemas");
const namespace = "shop";
const { appVersion } = parse(readFileSync(join(chart, "Chart.yaml"), "utf8")) as { appVersion: string };

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; spec?: any };
const run = (cmd: string, args: string[], input?: string) => spawnSync(cmd, args, { encoding: "utf8", input, maxBuffer: 64 << 20 });
const template = (profile: string, ...extra: string[]) => run(helm, ["template", "quire", chart, "--namespace", namespace, "-f", join(chart, "profiles", `${profile}.yaml`), ...extra]);
// Helm notes each symbolic link it follows (deploy/helm/quire/dapr/ links to dapr/): not a problem.
const problems = (stderr: string) => stderr.split("\n").filter((line) => line && !line.includes("found symbolic link in path"));
const manifests = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJS() as Manifest).filter(Boolean);

describe.each(Object.keys(profiles()))("profile %s", (profile) => {
  const rendered = template(profile);

  it("passes helm lint --strict", () => {
    const lint = run(helm, ["lint", "--strict", chart, "--namespace", namespace, "-f", join(chart, "profiles", `${profile}.yaml`)]);
    expect(lint.stderr + lint.stdout).toContain("1 chart(s) linted, 0 chart(s) failed");
    expect(lint.status).toBe(0);
  });

  it("renders with helm template, and every manifest is valid for Kubernetes and Dapr (kubeconform -strict)", () => {
    expect(problems(rendered.stderr)).toEqual([]);
    expect(rendered.status).toBe(0);
    const check = run(kubeconform, ["-strict", "-output", "json", "-summary", "-schema-location", join(schemas, "{{.ResourceKind}}{{.KindSuffix}}.json")], rendered.stdout);
    const report = JSON.parse(check.stdout) as { resources: { kind: string; name: string; status: string; msg: string }[]; summary: { valid: number; invalid: number; errors: number; skipped: number } };
    expect(report.resources.filter((r) => r.status !== "statusValid")).toEqual([]);
    // Nothing skipped for want of a schema: every kind was checked.
    expect(report.summary).toEqual({ valid: manifests(rendered.stdout).length, invalid: 0, errors: 0, skipped: 0 });
    expect(check.status).toBe(0);
  });

  it("renders the components scripts/profile.ts renders for it, with the backends' addresses filled", () => {
    const backends = (parse(readFileSync(join(chart, "values.yaml"), "utf8")) as { backends: Record<string, string> }).backends;
    const expected = kubernetesComponents(resolveProfile({ PROFILE: profile })).map((c) =>
      JSON.parse(JSON.stringify(c).replace(/\{\{ \.Values\.backends\.([a-z0-9]+) \}\}/g, (_, b: string) => backends[b]!)),
    );
    expect(manifests(rendered.stdout).filter((m) => m.kind === "Component")).toEqual(expected);
  });
});

describe("the chart's Kubernetes adaptations (default profile)", () => {
  const all = manifests(template("default").stdout);
  const of = (kind: string) => all.filter((m) => m.kind === kind);

  it("gives every app its sidecar, its Configuration and its own tokens", () => {
    for (const d of of("Deployment")) {
      const a = d.spec.template.metadata.annotations as Record<string, string>;
      const id = d.metadata.name;
      expect(a).toMatchObject({ "dapr.io/enabled": "true", "dapr.io/app-id": id, "dapr.io/config": id, "dapr.io/api-token-secret": `${id}-dapr-api-token`, "dapr.io/enable-metrics": "true" });
      if (id !== "gateway") expect(a).toMatchObject({ "dapr.io/app-port": String(d.spec.template.spec.containers[0].ports[0].containerPort), "dapr.io/app-protocol": "http", "dapr.io/app-token-secret": `${id}-app-api-token` });
    }
  });

  it("uses Kubernetes name resolution and this namespace in access lists", () => {
    for (const c of of("Configuration")) {
      expect(c.spec.nameResolution).toBeUndefined();
      for (const p of c.spec.accessControl.policies) expect(p.namespace).toBe(namespace);
    }
  });

  it("reads secrets from Kubernetes, and only users and payments may, each its own", () => {
    expect(of("Component").find((c) => c.metadata.name === "secretstore")?.spec.type).toBe("secretstores.kubernetes");
    expect(Object.fromEntries(of("Role").map((r) => [r.metadata.name, (r as any).rules[0].resourceNames]))).toEqual({
      "payments-secrets": ["payments-provider-api-key"],
      "users-secrets": ["users-jwt-signing-key", "users-admin-email", "users-admin-password"],
    });
  });

  it("gives recommendations, the Python app, what every internal app gets: its sidecar, Secrets, Service, autoscaler, store and subscription", () => {
    const named = (kind: string, name: string) => of(kind).find((m) => m.metadata.name === name);
    const d = named("Deployment", "recommendations")!;
    expect(d.spec.template.metadata.annotations).toMatchObject({ "dapr.io/app-id": "recommendations", "dapr.io/app-port": "3011", "dapr.io/config": "recommendations" });
    expect(d.spec.template.spec.containers[0].image).toBe(`quire/recommendations:${appVersion}`);
    for (const [kind, name] of [["Secret", "recommendations-dapr-api-token"], ["Secret", "recommendations-app-api-token"], ["Service", "recommendations"], ["HorizontalPodAutoscaler", "recommendations"], ["Configuration", "recommendations"], ["Subscription", "recommendations-orders"]]) {
      expect(named(kind!, name!), `${kind} ${name}`).toBeDefined();
    }
    expect((named("Component", "recommendationstore") as any).scopes).toEqual(["recommendations"]);
    // No secrets for it: no Role (checked above), and its port among the scraped ones only.
    const metrics = named("NetworkPolicy", "quire-metrics")!;
    expect(metrics.spec.ingress[0].ports).toContainEqual({ protocol: "TCP", port: 3011 });
  });

  it("runs shipping's Go implementation with implementations.shipping=go: only the image changes", () => {
    const go = template("default", "--set", "implementations.shipping=go");
    expect(problems(go.stderr)).toEqual([]);
    expect(go.status).toBe(0);
    const check = run(kubeconform, ["-strict", "-summary", "-schema-location", join(schemas, "{{.ResourceKind}}{{.KindSuffix}}.json")], go.stdout);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    // Secrets hold fresh random values on every render: everything else must be the same.
    const comparable = (ms: Manifest[]) => ms.filter((m) => m.kind !== "Secret");
    const withGo = comparable(manifests(go.stdout));
    const shipping = (ms: Manifest[]) => ms.find((m) => m.kind === "Deployment" && m.metadata.name === "shipping")!;
    expect(shipping(comparable(all)).spec.template.spec.containers[0].image).toBe(`quire/shipping:${appVersion}`);
    expect(shipping(withGo).spec.template.spec.containers[0].image).toBe(`quire/shipping-go:${appVersion}`);
    const typescriptAgain = structuredClone(withGo);
    shipping(typescriptAgain).spec.template.spec.containers[0].image = `quire/shipping:${appVersion}`;
    expect(typescriptAgain).toEqual(comparable(all));
  });

  it("refuses an implementation the Dockerfile does not build", () => {
    for (const [set, message] of [
      ["implementations.shipping=rust", 'implementations.shipping: "rust" is not one of typescript, go'],
      ["implementations.recommendations=go", "implementations.recommendations: recommendations has no other implementation"],
    ]) {
      const refused = template("default", "--set", set!);
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain(message);
    }
  });

  it("refuses to render without a profile", () => {
    const none = run(helm, ["template", "quire", chart]);
    expect(none.status).not.toBe(0);
    expect(none.stderr).toContain("choose a backend profile");
  });
});
