import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { DEAD_LETTER_TOPICS, deadLetterTopic, type Topic } from "@quire/contracts";
import { parse, parseAllDocuments } from "yaml";
import { CONTROL_PLANE_TEST_OFFSET, CRASH_PORT_OFFSET, SUITE_PORT_OFFSET } from "./harness/cluster.ts";
import { checkScale, resolveProfile } from "../scripts/profile.ts";
import { bundledServices } from "../scripts/build.ts";
import { BUNDLE_COMMAND, fromSource, loadTopology, parseImpl, parseScale, repoRoot } from "../scripts/topology.ts";

type Tye = {
  extensions: { name: string; services: Record<string, { config: string; "http-port": number; "grpc-port": number; "metrics-port": number }> }[];
  services: { name: string; executable: string; args: string; workingDirectory: string; bindings: { port: number }[] }[];
};

// dapr/run.yaml is the source of truth; tye.yaml describes the same services and must not drift.
describe("topology", () => {
  const run = loadTopology();
  const tye = parse(readFileSync(resolve(repoRoot, "tye.yaml"), "utf8")) as Tye;
  const dapr = tye.extensions.find((e) => e.name === "dapr")!;

  it("lists the same services in tye.yaml as in the run file", () => {
    expect(tye.services.map((s) => s.name).sort()).toEqual(run.apps.map((a) => a.appID).sort());
  });

  it.each(run.apps.map((a) => [a.appID, a] as const))("%s has the same command, folder and ports in both", (appId, app) => {
    const svc = tye.services.find((s) => s.name === appId)!;
    expect([svc.executable, ...svc.args.split(" ")]).toEqual(app.command);
    expect(resolve(repoRoot, svc.workingDirectory)).toBe(app.dir);
    expect(svc.bindings[0]?.port).toBe(Number(app.env.PORT));
    expect(app.appPort === undefined || app.appPort === Number(app.env.PORT)).toBe(true);
    expect({ ...dapr.services[appId], config: resolve(repoRoot, dapr.services[appId]!.config) }).toEqual({
      config: app.configFile,
      "http-port": app.daprHTTPPort,
      "grpc-port": app.daprGRPCPort,
      "metrics-port": app.metricsPort,
    });
  });

  it("runs every TypeScript app as the bundle scripts/build.ts makes, and `make dev` from its source", () => {
    const bundled = run.apps.filter((a) => isDeepStrictEqual(a.command, BUNDLE_COMMAND));
    expect(bundled.map((a) => a.appID).sort()).toEqual(run.apps.filter((a) => a.command[0] === "node").map((a) => a.appID).sort());
    expect(bundled.map((a) => a.dir).sort()).toEqual(bundledServices.map((id) => resolve(repoRoot, "services", id)).sort());
    for (const app of bundled.map(fromSource)) expect(existsSync(resolve(app.dir, app.command.at(-1)!)), app.appID).toBe(true);
    const python = run.apps.find((a) => a.appID === "recommendations")!;
    expect(fromSource(python)).toEqual(python);
  });

  it("gives every app its own Configuration: the same shared blocks, mTLS on, deny by default", () => {
    type Config = { metadata: { name: string }; spec: Record<string, unknown> & { accessControl: { defaultAction: string }; secrets: { scopes: { defaultAccess: string }[] } } };
    const configs = run.apps.map((a) => [a.appID, parse(readFileSync(a.configFile, "utf8")) as Config] as const);
    const shared = (c: Config) => ({ nameResolution: c.spec.nameResolution, tracing: c.spec.tracing, metrics: c.spec.metrics, mtls: c.spec.mtls });
    for (const [appId, config] of configs) {
      expect(config.metadata.name).toBe(appId);
      expect(shared(config)).toEqual(shared(configs[0]![1]));
      expect(config.spec.mtls).toEqual({ enabled: true });
      expect(config.spec.accessControl.defaultAction).toBe("deny");
      expect(config.spec.secrets.scopes.every((s) => s.defaultAccess === "deny")).toBe(true);
    }
  });

  it("sends every topic's failures to the dead-letter topic the contracts name, and the console hears each one", () => {
    type Subscription = { metadata: { name: string }; spec: { topic: string; routes: { default: string }; deadLetterTopic?: string }; scopes: string[] };
    const subscriptions = parseAllDocuments(readFileSync(resolve(repoRoot, "dapr/resources/subscriptions.yaml"), "utf8")).map((d) => d.toJS() as Subscription);
    for (const { spec } of subscriptions.filter((s) => !s.spec.topic.endsWith("-deadletter"))) expect(spec.deadLetterTopic).toBe(deadLetterTopic(spec.topic as Topic));
    const consoleHears = subscriptions.filter((s) => s.scopes.includes("console")).map((s) => [s.spec.topic, s.spec.routes.default]);
    expect(consoleHears).toEqual(DEAD_LETTER_TOPICS.map((t) => [t, `/events/${t}`]));
  });

  // A service in another language joins by the same YAML as every other: its own store, its own
  // subscription (with the topic's dead-letter topic), an access list naming exactly its callers.
  it("wires recommendations (Python) like any other app", () => {
    const app = run.apps.find((a) => a.appID === "recommendations")!;
    expect(app.command).toEqual(["../../scripts/python.sh", "exec", "-m", "src.main"]);
    const stores = (parse(readFileSync(resolve(repoRoot, "components/stores.yaml"), "utf8")) as { stores: { name: string; owner: string }[] }).stores;
    expect(stores.filter((s) => s.owner === "recommendations").map((s) => s.name)).toEqual(["recommendationstore"]);
    type Subscription = { spec: { topic: string; routes: { default: string }; deadLetterTopic?: string }; scopes: string[] };
    const subscriptions = parseAllDocuments(readFileSync(resolve(repoRoot, "dapr/resources/subscriptions.yaml"), "utf8")).map((d) => d.toJS() as Subscription);
    expect(subscriptions.filter((s) => s.scopes.includes("recommendations")).map((s) => [s.spec.topic, s.spec.routes.default, s.spec.deadLetterTopic])).toEqual([
      ["orders", "/events/orders", deadLetterTopic("orders")],
    ]);
    type Policy = { appId: string; operations: { name: string; httpVerb: string[]; action: string }[] };
    const policies = (parse(readFileSync(app.configFile, "utf8")) as { spec: { accessControl: { policies: Policy[] } } }).spec.accessControl.policies;
    expect(Object.fromEntries(policies.map((p) => [p.appId, p.operations.map((o) => `${o.httpVerb.join(",")} ${o.name}`)]))).toEqual({
      gateway: ["GET /api/recommendations", "GET /healthz"],
      storefront: ["GET /api/recommendations"],
    });
    const catalog = (parse(readFileSync(run.apps.find((a) => a.appID === "catalog")!.configFile, "utf8")) as { spec: { accessControl: { policies: Policy[] } } }).spec.accessControl.policies;
    expect(catalog.find((p) => p.appId === "recommendations")?.operations.map((o) => `${o.httpVerb.join(",")} ${o.name}`)).toEqual(["GET /api/books"]);
  });

  it("points the sidecars at the placement service the control plane starts", () => {
    expect(run.placementPort).toBe(run.controlPlane.PLACEMENT_PORT);
  });

  it("gives every process its own ports; the test clusters' shifted ones collide with nothing and stay out of the ephemeral range", () => {
    const ports = [...run.apps.flatMap((a) => [Number(a.env.PORT), a.daprHTTPPort, a.daprGRPCPort, a.metricsPort]), ...Object.values(run.controlPlane)];
    expect(new Set(ports).size).toBe(ports.length);
    // The cold-start checks run a control plane only (tests/control-plane.test.ts).
    const controlPlaneOnly = Object.values(run.controlPlane).map((p) => p + CONTROL_PLANE_TEST_OFFSET);
    const shifted = [...[SUITE_PORT_OFFSET, CRASH_PORT_OFFSET].flatMap((offset) => ports.map((p) => p + offset)), ...controlPlaneOnly];
    expect(new Set([...ports, ...shifted]).size).toBe(ports.length * 3 + controlPlaneOnly.length);
    for (const port of shifted) expect(port < 32_768 || (port > 60_999 && port < 65_536), `port ${port}`).toBe(true);
    // `make run`'s own ports too, but sentry's 50001, which the dapr CLI fixes (its start is retried).
    for (const port of ports.filter((p) => p !== run.controlPlane.SENTRY_PORT)) expect(port, `port ${port}`).toBeLessThan(32_768);
  });

  it("runs up to four instances of every app on ports that collide with nothing, shifted or not", () => {
    const scaled = loadTopology(undefined, Object.fromEntries(run.apps.map((a) => [a.appID, 4])));
    expect(scaled.apps).toHaveLength(run.apps.length * 4);
    expect(scaled.apps.filter((a) => a.appID === "orders").map((a) => a.name)).toEqual(["orders", "orders-2", "orders-3", "orders-4"]);
    const ports = [...scaled.apps.flatMap((a) => [Number(a.env.PORT), a.daprHTTPPort, a.daprGRPCPort, a.metricsPort]), ...Object.values(run.controlPlane)];
    expect(new Set(ports).size).toBe(ports.length);
    const shifted = [SUITE_PORT_OFFSET, CRASH_PORT_OFFSET].flatMap((offset) => ports.map((p) => p + offset));
    expect(new Set([...ports, ...shifted]).size).toBe(ports.length * 3);
    for (const port of shifted) expect(port < 32_768 || (port > 60_999 && port < 65_536), `port ${port}`).toBe(true);
  });

  it("reads SCALE and IMPL strictly, naming what is wrong", () => {
    expect(parseScale("orders=3, catalog=2")).toEqual({ orders: 3, catalog: 2 });
    expect(parseScale(undefined)).toEqual({});
    for (const bad of ["orders", "orders=0", "orders=x", "=2", "orders=100"]) expect(() => parseScale(bad), bad).toThrow(/SCALE/);
    expect(() => loadTopology(undefined, { bogus: 2 })).toThrow(/SCALE names bogus/);
    expect(parseImpl("shipping=go")).toEqual({ shipping: "go" });
    expect(() => parseImpl("shipping=rust")).toThrow(/known: shipping=go/);
    const go = loadTopology(undefined, {}, { shipping: "go" }).apps.find((a) => a.appID === "shipping")!;
    const ts = run.apps.find((a) => a.appID === "shipping")!;
    // Another implementation changes the folder and the command only.
    expect({ ...go, dir: ts.dir, command: ts.command, appDirPath: ts.appDirPath, configFile: ts.configFile }).toEqual(ts);
    expect(go.configFile).toBe(ts.configFile);
    expect(existsSync(resolve(go.dir, "go.mod"))).toBe(true);
  });

  it("refuses to scale what cannot share: an in-memory store's owner, an MQTT or JetStream subscriber", () => {
    expect(() => checkScale(resolveProfile({ PROFILE: "in-memory" }), { orders: 2 })).toThrow(/in-memory/);
    expect(() => checkScale(resolveProfile({ PROFILE: "mqtt3" }), { shipping: 2 })).toThrow(/client id/);
    expect(() => checkScale(resolveProfile({ PROFILE: "jetstream" }), { notifications: 2 })).toThrow(/durable/);
    // What does share: Redis and RabbitMQ consumers, SQL stores; and an app that does not subscribe.
    for (const profile of ["default", "rabbitmq", "postgresql"]) expect(() => checkScale(resolveProfile({ PROFILE: profile }), { orders: 3, shipping: 2 })).not.toThrow();
    expect(() => checkScale(resolveProfile({ PROFILE: "mqtt3" }), { catalog: 2 })).not.toThrow();
  });
});

