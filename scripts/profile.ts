// Renders a profile's Dapr components: every owner store of components/stores.yaml on the chosen
// state backend (components/state/<backend>.yaml), the chosen broker (components/pubsub/<broker>.yaml),
// and the fixed components (secrets, bindings). Used by `make run` and by the test harness, and
// (--kubernetes) to write the Helm chart's values file for every profile.
//   node --import tsx scripts/profile.ts <out-dir>      (env: PROFILE, or STATE, PUBSUB, STATE_FOR)
//   node --import tsx scripts/profile.ts --kubernetes deploy/helm/quire
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect as tcp } from "node:net";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect as natsConnect } from "@nats-io/transport-node";
import mysql from "mysql2/promise";
import { parse, parseAllDocuments, stringify } from "yaml";
import { loadTopology, parseImpl, parseScale } from "./topology.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const components = join(root, "components");

export type Profile = { name: string; state: string; pubsub: string; stateFor: Record<string, string> };
type Component = { apiVersion: string; kind: string; metadata: { name: string }; spec: { type: string; version: string; initTimeout?: string; metadata: { name: string; value: string }[] }; scopes?: string[] };
type Stores = { stores: { name: string; owner: string; metadata?: Record<string, string> }[]; pubsub: { publishers: Record<string, string[]> } };

const choices = (kind: "state" | "pubsub") => readdirSync(join(components, kind)).filter((f) => f.endsWith(".yaml")).map((f) => basename(f, ".yaml")).sort();
export const stateBackends = () => choices("state");
export const brokers = () => choices("pubsub");
export const profiles = (): Record<string, Omit<Profile, "name">> => {
  const raw = parse(readFileSync(join(components, "profiles.yaml"), "utf8")) as Record<string, { state: string; pubsub: string; stateFor?: Record<string, string> }>;
  return Object.fromEntries(Object.entries(raw).map(([name, p]) => [name, { state: p.state, pubsub: p.pubsub, stateFor: p.stateFor ?? {} }]));
};

// A profile by name, or assembled from its parts; every name is checked, with the valid ones listed.
export function resolveProfile(env: { PROFILE?: string | undefined; STATE?: string | undefined; PUBSUB?: string | undefined; STATE_FOR?: string | undefined }): Profile {
  const named = profiles();
  let profile: Profile;
  const choice = env.PROFILE || (env.STATE || env.PUBSUB || env.STATE_FOR ? undefined : "default");
  if (choice) {
    const found = named[choice];
    if (!found) throw new Error(`Unknown profile "${choice}". Valid profiles: ${Object.keys(named).join(", ")}.`);
    profile = { name: choice, ...found };
  } else {
    const stateFor = Object.fromEntries((env.STATE_FOR ?? "").split(",").filter(Boolean).map((pair) => pair.split("=").map((s) => s.trim()) as [string, string]));
    const state = env.STATE || "redis";
    const pubsub = env.PUBSUB || "redis";
    const parts = [state, pubsub, ...Object.entries(stateFor).map(([app, backend]) => `${app}=${backend}`)];
    profile = { name: parts.join("+"), state, pubsub, stateFor };
  }
  const check = (value: string | undefined, valid: string[], what: string) => {
    if (!value || !valid.includes(value)) throw new Error(`Unknown ${what} "${value ?? ""}". Valid ${what}s: ${valid.join(", ")}.`);
  };
  check(profile.state, stateBackends(), "state store");
  check(profile.pubsub, brokers(), "broker");
  const owners = new Set(readStores().stores.map((s) => s.owner));
  for (const [app, backend] of Object.entries(profile.stateFor)) {
    check(app, [...owners].sort(), "store owner");
    check(backend, stateBackends(), "state store");
  }
  return profile;
}

const readStores = () => parse(readFileSync(join(components, "stores.yaml"), "utf8")) as Stores;
const readComponent = (path: string) => parse(readFileSync(path, "utf8")) as Component;

// `fixed`: a component of components/secrets or bindings, the same in every profile.
type Rendered = { file: string; about: string; component: Component; fixed: boolean };

// The profile's components as objects: one per owner store on its backend, the broker with its
// topic scopes, and the fixed ones (secrets, bindings). `runDir` fills {run}.
export function profileComponents(profile: Profile, runDir: string): Rendered[] {
  const fill = (value: string, store: string) => value.replaceAll("{store}", store).replaceAll("{run}", runDir);
  const rendered: Rendered[] = [];
  for (const store of readStores().stores) {
    const backend = profile.stateFor[store.owner] ?? profile.state;
    const base = readComponent(join(components, "state", `${backend}.yaml`));
    const metadata = [...base.spec.metadata, ...Object.entries(store.metadata ?? {}).map(([name, value]) => ({ name, value }))];
    const component: Component = {
      ...base,
      metadata: { name: store.name },
      spec: { ...base.spec, metadata: metadata.map(({ name, value }) => ({ name, value: fill(String(value), store.name) })) },
      scopes: [store.owner],
    };
    rendered.push({ file: `${store.name}.yaml`, about: `${store.name} on ${backend}`, component, fixed: false });
  }
  const broker = readComponent(join(components, "pubsub", `${profile.pubsub}.yaml`));
  const { apps, ...lists } = topicScopes();
  const limits = Object.entries(lists).map(([name, value]) => ({ name, value }));
  const component = { ...broker, spec: { ...broker.spec, metadata: [...broker.spec.metadata, ...limits] }, scopes: apps };
  rendered.push({ file: "pubsub.yaml", about: `pubsub on ${profile.pubsub}`, component, fixed: false });
  for (const fixed of ["secrets", "bindings"]) {
    for (const file of readdirSync(join(components, fixed)).filter((f) => f.endsWith(".yaml")).sort()) {
      const component = readComponent(join(components, fixed, file));
      rendered.push({ file, about: component.metadata.name, component, fixed: true });
    }
  }
  return rendered;
}

// Writes the profile's components into `outDir` (emptied first). `runDir` fills {run}.
export function renderComponents(profile: Profile, outDir: string, runDir: string): string[] {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const { file, about, component, fixed } of profileComponents(profile, runDir)) {
    if (!fixed) writeFileSync(join(outDir, file), `# ${about} (profile ${profile.name}), rendered by scripts/profile.ts\n${stringify(component)}`);
  }
  // The fixed components go as they are written, comments and all.
  for (const fixed of ["secrets", "bindings"]) cpSync(join(components, fixed), outDir, { recursive: true });
  return readdirSync(outDir);
}

// Which apps a profile can run as several instances. An in-memory store lives inside one sidecar:
// two instances would each keep their own orders or carts. On MQTT the broker knows a subscriber by
// its client id (its app id), so a second instance takes the first one's session; on JetStream the
// subscribers of one app share one durable consumer, which follows only the last to bind.
const SCALE_BLOCKED_BROKERS: Record<string, string> = {
  mqtt3: "MQTT knows a subscriber by its client id (its app id): a second instance would take over the first one's session",
  jetstream: "its instances would share one durable JetStream consumer, which delivers only to the last one bound",
};
export function checkScale(profile: Profile, scale: Record<string, number>): void {
  const subscribers = new Set(readSubscriptions().flatMap((s) => s.scopes));
  for (const [app, instances] of Object.entries(scale)) {
    if (instances < 2) continue;
    const inMemory = readStores().stores.filter((s) => s.owner === app && (profile.stateFor[app] ?? profile.state) === "in-memory").map((s) => s.name);
    if (inMemory.length > 0) throw new Error(`${app} cannot run ${instances} instances on profile ${profile.name}: its ${inMemory.join(", ")} would live in each instance's own sidecar (in-memory). Pick a shared store, e.g. PROFILE=default.`);
    const why = SCALE_BLOCKED_BROKERS[profile.pubsub];
    if (why && subscribers.has(app)) throw new Error(`${app} cannot run ${instances} instances on broker ${profile.pubsub}: ${why}. Pick another broker, e.g. PUBSUB=redis or rabbitmq.`);
  }
}

// Where a sidecar in Kubernetes keeps a file-based store (the sqlite profile): an emptyDir the
// chart mounts into daprd, so such a store lives as long as its pod.
export const KUBERNETES_RUN_DIR = "/var/lib/quire";

// The same components for the Helm chart (deploy/helm/quire): each server address becomes the
// chart value backends.<server> (the chart fills it with `tpl`), and the secret store reads
// Kubernetes Secrets instead of a local file, under the same name and scopes.
export function kubernetesComponents(profile: Profile): Component[] {
  return profileComponents(profile, KUBERNETES_RUN_DIR).map(({ component }) => {
    if (component.spec.type === "secretstores.local.file") return { ...component, spec: { type: "secretstores.kubernetes", version: "v1", metadata: [] } };
    const server = Object.keys(servers).find((s) => component.spec.type === `state.${s}` || component.spec.type === `pubsub.${s}`);
    if (!server) return component;
    const host = servers[server]!.split(":")[0]!;
    const metadata = component.spec.metadata.map(({ name, value }) => ({ name, value: value.replaceAll(host, `{{ .Values.backends.${server} }}`) }));
    return { ...component, spec: { ...component.spec, metadata } };
  });
}

// One Helm values file per profile of components/profiles.yaml, in <chart>/profiles/<name>.yaml.
export function writeKubernetesProfiles(chartDir: string): string[] {
  const dir = join(chartDir, "profiles");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return Object.keys(profiles()).map((name) => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, kubernetesProfileValues(name));
    return file;
  });
}

export function kubernetesProfileValues(name: string): string {
  const profile = resolveProfile({ PROFILE: name });
  const perPod = [profile.state, ...Object.values(profile.stateFor)].some((b) => PER_POD_STATE.includes(b));
  const values = {
    profile: name,
    // A store inside each sidecar (in-memory) or its pod (sqlite) is not shared: one replica each.
    ...(perPod ? { autoscaling: { enabled: false } } : {}),
    components: kubernetesComponents(profile),
  };
  return `# Profile "${name}" for the Helm chart: written by \`node --import tsx scripts/profile.ts --kubernetes deploy/helm/quire\`
# from components/ (do not edit; a unit test fails when this file and components/ disagree).
# helm install quire deploy/helm/quire -f deploy/helm/quire/profiles/${name}.yaml
${stringify(values)}`;
}
const PER_POD_STATE = ["in-memory", "sqlite"];

// The server each backend needs on this machine (the addresses of components/state and pubsub).
const servers: Record<string, string> = {
  redis: "127.0.0.1:6379",
  postgresql: "127.0.0.1:5432",
  mysql: "127.0.0.1:3306",
  rabbitmq: "127.0.0.1:5672",
  mqtt3: "127.0.0.1:1883",
  jetstream: "127.0.0.1:4222",
};
// JetStream: one stream per topic, named after it. A subscriber's consumer is durable and named
// after its app (components/pubsub/jetstream.yaml: durableName "{appID}"), and a consumer's name
// is unique within its stream: an app hearing two topics (notifications) needs them in two streams.
// A dead-letter topic's stream keeps JetStream's shortest duplicate window, 100 ms: JetStream drops
// a message whose id it saw in the stream within the window, the component sends the CloudEvent id
// as that id, and every subscriber that gives up on one message sends the very same CloudEvent.
const DEAD_LETTER_DUPLICATE_WINDOW_NS = 100_000_000;
// The streams an earlier set-up made (one over the topics, one over the dead-letter topics),
// replaced by the per-topic streams: no two streams may hold one subject.
const FORMER_STREAMS = ["quire", "quire-deadletters"];

// Checks that every server the profile needs answers, and creates what a component does not
// create itself: a JetStream stream for each of Quire's topics and dead-letter topics. `fresh`
// (a test cluster, whose stores start empty) also empties the streams: a durable consumer would
// otherwise bring an earlier run's unfinished messages into this one.
export async function prepareBackends(profile: Profile, { fresh = false } = {}): Promise<void> {
  const used = new Set([profile.state, profile.pubsub, ...Object.values(profile.stateFor)]);
  for (const backend of used) {
    const address = servers[backend];
    if (address && !(await answers(address))) throw new Error(`${backend} is not answering on ${address}; start it, or pick another profile.`);
  }
  if (used.has("jetstream")) await ensureStreams(servers.jetstream!, topics(), fresh);
  if (used.has("mysql")) await prepareMysql(MYSQL_MAX_CONNECTIONS);
}

type Subscription = { spec: { topic: string; deadLetterTopic?: string }; scopes: string[] };
const readSubscriptions = () => parseAllDocuments(readFileSync(join(root, "dapr/resources/subscriptions.yaml"), "utf8")).map((d) => d.toJS() as Subscription);

// Every topic a subscription names, with its dead-letter topic (dapr/resources/subscriptions.yaml).
export function topics(): string[] {
  return [...new Set(readSubscriptions().flatMap(({ spec }) => [spec.topic, ...(spec.deadLetterTopic ? [spec.deadLetterTopic] : [])]))].sort();
}

// Who may do what on the broker, in the component's own terms: only the apps listed load it; each
// publishes only its topics (stores.yaml's publishers, and the dead-letter topics of what it
// subscribes to: its sidecar publishes there when it gives up on a message) and subscribes only
// to what its subscriptions name; no other topic exists, and every topic needs a scope.
export function topicScopes(): { apps: string[]; allowedTopics: string; protectedTopics: string; publishingScopes: string; subscriptionScopes: string } {
  const publishes = new Map<string, Set<string>>();
  const subscribes = new Map<string, Set<string>>();
  const add = (to: Map<string, Set<string>>, app: string, topic: string) => to.set(app, (to.get(app) ?? new Set()).add(topic));
  for (const [app, topics] of Object.entries(readStores().pubsub.publishers)) for (const topic of topics) add(publishes, app, topic);
  for (const { spec, scopes } of readSubscriptions()) {
    for (const app of scopes) {
      add(subscribes, app, spec.topic);
      if (spec.deadLetterTopic) add(publishes, app, spec.deadLetterTopic);
    }
  }
  const apps = [...new Set([...publishes.keys(), ...subscribes.keys()])].sort();
  // "app=" (nothing) denies every topic; an app left out of a list would be allowed all of them.
  const scope = (of: Map<string, Set<string>>) => apps.map((app) => `${app}=${[...(of.get(app) ?? [])].sort().join(",")}`).join(";");
  const all = topics().join(",");
  return { apps, allowedTopics: all, protectedTopics: all, publishingScopes: scope(publishes), subscriptionScopes: scope(subscribes) };
}

async function ensureStreams(server: string, topics: string[], purge: boolean) {
  const nc = await natsConnect({ servers: server });
  try {
    const jsm = await jetstreamManager(nc);
    for (const former of FORMER_STREAMS) await jsm.streams.delete(former).catch(() => false);
    for (const topic of topics) {
      const config = { subjects: [topic], ...(topic.endsWith("-deadletter") ? { duplicate_window: DEAD_LETTER_DUPLICATE_WINDOW_NS } : {}) };
      const existing = await jsm.streams.info(topic).catch(() => undefined);
      if (!existing) await jsm.streams.add({ name: topic, ...config });
      else if (existing.config.subjects?.join() !== topic || (config.duplicate_window !== undefined && existing.config.duplicate_window !== config.duplicate_window)) {
        await jsm.streams.update(topic, { ...existing.config, ...config });
      }
      if (purge) await jsm.streams.purge(topic);
    }
  } finally {
    await nc.close();
  }
}

// The MySQL state component has no pool limit: a sidecar opens a connection per concurrent
// request, and a burst of checkouts (orders and its workflow in one sidecar) passes
// MariaDB's default of 151 ("Error 1040: Too many connections"). Set-up raises the server's limit.
// Each sidecar's component also creates the schema when it finds none, with a plain CREATE
// DATABASE: on a fresh server, the sidecars starting together race, and the losers exit
// ("Can't create database ...; database exists"). Set-up creates it first.
const MYSQL_MAX_CONNECTIONS = 1000;
async function prepareMysql(atLeast: number) {
  const db = await mysql.createConnection({ host: "127.0.0.1", port: 3306, user: "root", password: "" });
  try {
    const schema = readComponent(join(components, "state/mysql.yaml")).spec.metadata.find((m) => m.name === "schemaName")?.value;
    if (schema) await db.query(`CREATE DATABASE IF NOT EXISTS \`${schema}\``);
    const [rows] = await db.query("SELECT @@GLOBAL.max_connections AS n");
    const current = Number((rows as { n: number }[])[0]!.n);
    if (current < atLeast) {
      await db.query(`SET GLOBAL max_connections = ${atLeast}`);
      console.log(`[profile] mysql: raised max_connections from ${current} to ${atLeast}`);
    }
  } finally {
    await db.end();
  }
}

// Whether a server accepts a connection at host:port, within a second.
export function answers(address: string): Promise<boolean> {
  const [host, port] = address.split(":");
  return new Promise((done) => {
    const socket = tcp({ host: host!, port: Number(port) });
    socket.setTimeout(1000);
    socket.once("connect", () => done(socket.end() && true));
    socket.once("timeout", () => done(socket.destroy() && false));
    socket.once("error", () => done(false));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === "--kubernetes") {
    const chartDir = process.argv[3];
    if (!chartDir) {
      console.error("usage: profile.ts --kubernetes <chart-dir>");
      process.exit(2);
    }
    for (const file of writeKubernetesProfiles(resolve(chartDir))) console.log(`[profile] wrote ${file}`);
    process.exit(0);
  }
  const [outDir, runDir = join(root, ".run")] = process.argv.slice(2);
  if (!outDir) {
    console.error("usage: profile.ts <out-dir> [run-dir]   (env: PROFILE, or STATE, PUBSUB, STATE_FOR)\n       profile.ts --kubernetes <chart-dir>   (a Helm values file per profile)");
    process.exit(2);
  }
  try {
    const profile = resolveProfile(process.env);
    const scale = parseScale(process.env.SCALE);
    loadTopology(undefined, scale, parseImpl(process.env.IMPL)); // names only apps and implementations that exist
    checkScale(profile, scale);
    renderComponents(profile, resolve(outDir), resolve(runDir));
    await prepareBackends(profile);
    console.log(`[profile] ${profile.name}: state ${profile.state}${Object.entries(profile.stateFor).map(([a, b]) => `, ${a} on ${b}`).join("")}, broker ${profile.pubsub}`);
  } catch (err) {
    console.error(`[profile] error: ${(err as Error).message}`);
    process.exit(2);
  }
}
