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

  it("refuses to render without a profile", () => {
    const none = run(helm, ["template", "quire", chart]);
    expect(none.status).not.toBe(0);
    expect(none.stderr).toContain("choose a backend profile");
  });
});
