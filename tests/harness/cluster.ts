import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { daprdArgs, daprdPath, daprEnv, freshTokens, loadTopology, repoRoot, type AppSpec, type Impl, type Scale, type SidecarTokens, type Topology } from "../../scripts/topology.ts";
import { deathNotice, startProcess, stopProcess, waitFor, type Started } from "./processes.ts";
import { flushRedisDb } from "./redis.ts";
import { answers, checkScale, prepareBackends, renderComponents, resolveProfile, type Profile } from "../../scripts/profile.ts";

export type ClusterInfo = {
  profile: Profile;
  // Where this cluster's data lives: its Redis database and its run folder (SQLite files).
  redisDb: number;
  runDir: string;
  // Where each process's log is written (<name>.log; sidecars as <app-id>-daprd.log).
  logDir: string;
  gatewayUrl: string;
  // Every gateway instance's (SCALE=gateway=2): the first is gatewayUrl.
  gatewayUrls: string[];
  // This run's Jaeger query API, Prometheus and ops console.
  jaegerUrl: string;
  prometheusUrl: string;
  consoleUrl: string;
  // Each app's own pair of tokens, as only that app and its sidecar hold them: daprToken opens its
  // sidecar's API, appToken is what its sidecar presents to it.
  // Keyed by instance name: the app id for an app's first instance, <app-id>-<n> for the n-th.
  apps: Record<string, { appId: string; appPort?: number | undefined; daprHttpPort: number; metricsPort: number; daprToken: string; appToken: string }>;
};

// Where the test clusters' ports go: `make run`'s plus an offset. Shifted, every port stays out
// of Linux's ephemeral range (32768-60999): a port in it can be held by an outgoing connection in
// TIME_WAIT (a health probe's source port) just when a server wants to listen on it.
export const SUITE_PORT_OFFSET = 11_000;
export const CRASH_PORT_OFFSET = 12_000;
// The control plane's cold-start checks (tests/control-plane.test.ts), beside a running cluster.
export const CONTROL_PLANE_TEST_OFFSET = 13_000;
// The control-plane processes a crash test may kill (scripts/control-plane.sh starts them).
const CONTROL_PLANE = ["sentry", "placement", "scheduler"];
const REDIS_PORT = 6379;
const RABBITMQ_PORT = 5672;

// Boots the topology of dapr/run.yaml with real daprd sidecars, shifted by `portOffset` so it
// never collides with a running `make run`, and with its own name-resolution database.
export class Cluster {
  private readonly processes: Started[] = [];
  // How to start each process again, by name ("orders", "orders-daprd"), for crash tests.
  private readonly launchers = new Map<string, () => Started>();
  // Environment an app gets on top of the run file's when it is started again (startApp).
  private readonly envOverrides = new Map<string, Record<string, string>>();
  private readonly topology: Topology;
  private readonly workDir = mkdtempSync(join(tmpdir(), "quire-test-"));
  readonly logDir: string;
  // Fresh per cluster and per app instance, like `make run`'s: no process holds another's.
  private readonly tokens: Map<string, SidecarTokens>;

  // Each cluster gets its own port shift and its own Redis database, so it shares nothing with
  // `make run` (database 0) or with another cluster.
  // `ownRedis`: a cluster that kills its broker gets a Redis server of its own, every write synced
  // to an append-only file, so a restart keeps all it acknowledged and the machine's Redis, which
  // other clusters share, is never touched. Its process is "redis", for crash() and restart().
  // `ownRabbitMQ`: likewise a RabbitMQ node of its own (process "rabbitmq"), its queues durable
  // and its messages persistent (components/pubsub/rabbitmq.yaml), for a profile on RabbitMQ.
  constructor(
    private readonly portOffset = SUITE_PORT_OFFSET,
    private readonly redisDb = 1,
    readonly profile: Profile = resolveProfile({}),
    private readonly options: { ownRedis?: boolean; ownRabbitMQ?: boolean; scale?: Scale; impl?: Impl } = {},
  ) {
    this.topology = loadTopology(undefined, options.scale, options.impl);
    this.tokens = new Map(this.topology.apps.map((a) => [a.name, freshTokens()]));
    this.logDir = join(repoRoot, "tests/.artifacts/logs", `cluster-${redisDb}`);
  }

  port(p: number): number {
    return p + this.portOffset;
  }

  async start(): Promise<ClusterInfo> {
    rmSync(this.logDir, { recursive: true, force: true });
    mkdirSync(this.logDir, { recursive: true });
    const resourcesPaths = this.isolatedResources();
    try {
      checkScale(this.profile, this.options.scale ?? {});
      await prepareBackends(this.profile, { fresh: true });
      if (this.options.ownRedis) await this.startRedis();
      if (this.options.ownRabbitMQ) await this.startRabbitMQ();
      await flushRedisDb(this.redisDb, "127.0.0.1", this.redisPort);
      execFileSync(join(repoRoot, "scripts/secrets.sh"), { stdio: "inherit" });
      this.controlPlane("start");
      const trustAnchors = readFileSync(join(this.workDir, "sentry/ca.crt"), "utf8");
      for (const app of this.topology.apps) this.launchApp(app, this.isolatedConfig(app), resourcesPaths, trustAnchors);
      const info = this.info();
      // A process that died while starting will not come back by itself: say which, and why.
      const hopeless = () => this.processes.map(deathNotice).find((d) => d !== undefined);
      await waitFor("the gateway to report every service healthy", async () => (await fetch(`${info.gatewayUrl}/healthz`)).ok, { hopeless });
      // And every sidecar, the ones the gateway does not call (the console's) included.
      for (const [appId, { daprHttpPort }] of Object.entries(info.apps)) {
        await waitFor(`${appId}'s sidecar to be healthy`, async () => (await fetch(`http://127.0.0.1:${daprHttpPort}/v1.0/healthz`)).ok, { hopeless });
      }
      return info;
    } catch (err) {
      await this.stop();
      throw new Error(`${(err as Error).message}; logs: ${this.logDir}`, { cause: err });
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.splice(0).map((p) => stopProcess(p)));
    this.controlPlane("stop");
    // Keep the control plane's logs (sentry, placement, scheduler) with the apps' logs.
    // Stopped once already (a start that failed stops itself, then the suite's teardown): done.
    if (!existsSync(this.workDir)) return;
    for (const log of readdirSync(this.workDir).filter((f) => f.endsWith(".log"))) cpSync(join(this.workDir, log), join(this.logDir, `control-plane-${log}`));
    rmSync(this.workDir, { recursive: true, force: true });
  }

  info(): ClusterInfo {
    const gateway = this.app("gateway");
    return {
      profile: this.profile,
      redisDb: this.redisDb,
      runDir: this.workDir,
      logDir: this.logDir,
      gatewayUrl: `http://127.0.0.1:${this.port(Number(gateway.env.PORT))}`,
      gatewayUrls: this.topology.apps.filter((a) => a.appID === "gateway").map((a) => `http://127.0.0.1:${this.port(Number(a.env.PORT))}`),
      jaegerUrl: `http://127.0.0.1:${this.port(this.topology.controlPlane.JAEGER_QUERY_PORT!)}`,
      prometheusUrl: `http://127.0.0.1:${this.port(this.topology.controlPlane.PROMETHEUS_PORT!)}`,
      consoleUrl: `http://127.0.0.1:${this.port(Number(this.app("console").env.PORT))}`,
      apps: Object.fromEntries(
        this.topology.apps.map((a) => [a.name, { appId: a.appID, appPort: a.appPort && this.port(a.appPort), daprHttpPort: this.port(a.daprHTTPPort), metricsPort: this.port(a.metricsPort), ...this.tokens.get(a.name)! }]),
      ),
    };
  }

  private get redisPort(): number {
    return this.options.ownRedis ? this.port(REDIS_PORT) : REDIS_PORT;
  }

  private async startRedis() {
    const dir = join(this.workDir, "redis");
    mkdirSync(dir, { recursive: true });
    const args = ["--port", String(this.redisPort), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "always", "--save", ""];
    this.launch("redis", () => startProcess("redis", "redis-server", args, { cwd: dir, env: process.env, logDir: this.logDir }));
    await waitFor("this cluster's Redis", async () => (await flushRedisDb(0, "127.0.0.1", this.redisPort), true), { timeoutMs: 20_000 });
  }

  // A RabbitMQ node named after this cluster's ports, its database in the run folder; the
  // machine's node and its Erlang port mapper are shared, nothing else. Debian's rabbitmq-server
  // in /usr/sbin would switch to the rabbitmq user and drop this environment: the script behind it
  // runs as whoever starts it.
  private async startRabbitMQ() {
    const dir = join(this.workDir, "rabbitmq");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "enabled_plugins"), "[].\n");
    const port = this.port(RABBITMQ_PORT);
    const env = {
      ...process.env,
      RABBITMQ_NODENAME: `quire-${port}@localhost`,
      RABBITMQ_NODE_IP_ADDRESS: "127.0.0.1",
      RABBITMQ_NODE_PORT: String(port),
      RABBITMQ_DIST_PORT: String(port + 1),
      RABBITMQ_MNESIA_BASE: join(dir, "mnesia"),
      RABBITMQ_LOG_BASE: dir,
      RABBITMQ_LOGS: "-",
      RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, "enabled_plugins"),
      RABBITMQ_CONFIG_FILE: join(dir, "rabbitmq"),
      RABBITMQ_CONF_ENV_FILE: join(dir, "rabbitmq-env.conf"),
      RABBITMQ_PID_FILE: join(dir, "rabbitmq.pid"),
    };
    this.launch("rabbitmq", () => startProcess("rabbitmq", "/usr/lib/rabbitmq/bin/rabbitmq-server", [], { cwd: dir, env, logDir: this.logDir }));
    const hopeless = () => this.processes.filter((p) => p.name === "rabbitmq").map(deathNotice).find((d) => d !== undefined);
    await waitFor("this cluster's RabbitMQ", () => answers(`127.0.0.1:${port}`), { timeoutMs: 120_000, hopeless });
  }

  // This cluster's RabbitMQ queues, as its node counts them (rabbitmqctl, beside the server).
  rabbitmqQueues(): { name: string; consumers: number; messages_unacknowledged: number }[] {
    const out = execFileSync("/usr/lib/rabbitmq/bin/rabbitmqctl", ["-n", `quire-${this.port(RABBITMQ_PORT)}@localhost`, "list_queues", "name", "consumers", "messages_unacknowledged", "--formatter", "json", "--quiet"], { encoding: "utf8" });
    return JSON.parse(out) as { name: string; consumers: number; messages_unacknowledged: number }[];
  }

  private app(appId: string): AppSpec {
    const app = this.topology.apps.find((a) => a.appID === appId);
    if (!app) throw new Error(`dapr/run.yaml has no ${appId} app`);
    return app;
  }

  private launchApp(app: AppSpec, configFile: string, resourcesPaths: string[], trustAnchors: string) {
    const port = (p: number) => this.port(p);
    const env = {
      ...process.env,
      // Every port in the run file moves with the cluster: PORT, and addresses like JAEGER_URL's.
      ...Object.fromEntries(Object.entries(app.env).map(([name, value]) => [name, this.shiftAddresses(name, value)])),
      ...daprEnv(app, this.tokens.get(app.name)!, port),
      // The suite sends thousands of requests from one address; the limit itself is unit-tested.
      ...(app.appID === "gateway" ? { RATE_LIMIT: "1000000" } : {}),
    };
    const sidecarEnv = { ...env, DAPR_TRUST_ANCHORS: trustAnchors };
    const [command, ...args] = app.command as [string, ...string[]];
    this.launch(app.name, () => startProcess(app.name, command, args, { cwd: app.dir, env: { ...env, ...this.envOverrides.get(app.name) }, logDir: this.logDir }));

    const daprArgs = daprdArgs(app, this.topology, { port, configFile, resourcesPaths, logLevel: "info" });
    this.launch(`${app.name}-daprd`, () => startProcess(`${app.name}-daprd`, daprdPath(), daprArgs, { cwd: app.dir, env: sidecarEnv, logDir: this.logDir }));
  }

  private shiftAddresses(name: string, value: string): string {
    if (name === "PORT") return String(this.port(Number(value)));
    return value.replace(/127\.0\.0\.1:(\d+)/g, (_, port: string) => `127.0.0.1:${this.port(Number(port))}`);
  }

  private launch(name: string, start: () => Started) {
    this.launchers.set(name, start);
    this.processes.push(start());
  }

  // Kills a process the hard way (SIGKILL: no shutdown hooks run), as a crash would.
  async crash(name: string): Promise<void> {
    if (CONTROL_PLANE.includes(name)) return this.crashControlPlane(name);
    const i = this.processes.findIndex((p) => p.name === name);
    if (i === -1) throw new Error(`no running process ${name}`);
    const [victim] = this.processes.splice(i, 1);
    await stopProcess(victim!, 0);
  }

  // Stops an app instance (its app id, or <app-id>-<n>) and its sidecar the polite way (SIGTERM),
  // as a deploy or a scale-down would.
  async stopApp(appId: string): Promise<void> {
    const names = [appId, `${appId}-daprd`];
    const victims = this.processes.filter((p) => names.includes(p.name));
    if (victims.length === 0) throw new Error(`${appId} is not running`);
    for (const victim of victims) this.processes.splice(this.processes.indexOf(victim), 1);
    await Promise.all(victims.map((p) => stopProcess(p)));
  }

  // Starts an app and its sidecar again (the app with `env` on top of its own, when given), and
  // waits until the sidecar is healthy and the app answers.
  async startApp(appId: string, env?: Record<string, string>): Promise<void> {
    if (env) this.envOverrides.set(appId, env);
    else this.envOverrides.delete(appId);
    for (const name of [appId, `${appId}-daprd`]) this.restart(name);
    const { daprHttpPort } = this.info().apps[appId]!;
    const hopeless = () => this.processes.map(deathNotice).find((d) => d !== undefined);
    await waitFor(`${appId}'s sidecar to be healthy`, async () => (await fetch(`http://127.0.0.1:${daprHttpPort}/v1.0/healthz`)).ok, { hopeless });
    // The app's own port (the gateway's public one included): listening, whatever its health says.
    const port = this.port(Number(this.topology.apps.find((a) => a.name === appId)!.env.PORT));
    await waitFor(`${appId} to listen`, async () => (await fetch(`http://127.0.0.1:${port}/healthz`), true), { hopeless });
  }

  restart(name: string): void {
    // The control-plane script starts only what is not running: the one that died.
    if (CONTROL_PLANE.includes(name)) return this.controlPlane("start");
    const start = this.launchers.get(name);
    if (!start) throw new Error(`no process ${name} to restart`);
    this.processes.push(start());
  }

  // Sentry, placement and scheduler run under scripts/control-plane.sh, which keeps their pids.
  private async crashControlPlane(name: string): Promise<void> {
    const pid = Number(readFileSync(join(this.workDir, `${name}.pid`), "utf8"));
    process.kill(pid, "SIGKILL");
    await waitFor(`${name} to die`, async () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
  }

  // Placement and scheduler, by the same script `make run` uses, on this run's ports and folder.
  private controlPlane(action: "start" | "stop") {
    execFileSync(join(repoRoot, "scripts/control-plane.sh"), [action], {
      // SCALE and IMPL as this cluster has them: Prometheus scrapes every instance.
      env: { ...process.env, RUN_DIR: this.workDir, PORT_OFFSET: String(this.portOffset), SCALE: pairs(this.options.scale), IMPL: pairs(this.options.impl) },
      stdio: ["ignore", "ignore", "inherit"],
    });
  }

  // The run file's resources: the profile's components rendered for this cluster (the rendered
  // folder of `make run` is not touched), every Redis component pointed at this cluster's database
  // (and server), a RabbitMQ component at this cluster's own node when it has one.
  private isolatedResources(): string[] {
    return this.topology.resourcesPaths.map((source, i) => {
      const target = join(this.workDir, `resources-${i}`);
      if (source === join(repoRoot, ".run/components")) renderComponents(this.profile, target, this.workDir);
      else cpSync(source, target, { recursive: true });
      for (const file of readdirSync(target).filter((f) => f.endsWith(".yaml"))) {
        const yaml = readFileSync(join(target, file), "utf8");
        const withDb = yaml
          .replaceAll(`127.0.0.1:${REDIS_PORT}`, `127.0.0.1:${this.redisPort}`)
          .replaceAll(`127.0.0.1:${RABBITMQ_PORT}`, `127.0.0.1:${this.options.ownRabbitMQ ? this.port(RABBITMQ_PORT) : RABBITMQ_PORT}`).replace(/(type: (?:state|pubsub)\.redis[\s\S]*?\n  metadata:\n)/g, `$1    - name: redisDB\n      value: "${this.redisDb}"\n`);
        writeFileSync(join(target, file), withDb);
      }
      return target;
    });
  }

  // An app's Configuration, with name resolution in this run's own database and traces sent to
  // this run's own Jaeger.
  private isolatedConfig(app: AppSpec): string {
    const config = readFileSync(app.configFile, "utf8")
      .replace(/connectionString: .*/, `connectionString: "${join(this.workDir, "nr.db")}"`)
      .replace(/endpointAddress: .*/, `endpointAddress: "127.0.0.1:${this.port(this.topology.controlPlane.JAEGER_OTLP_GRPC_PORT!)}"`);
    const path = join(this.workDir, `config-${app.name}.yaml`);
    writeFileSync(path, config);
    return path;
  }
}

const pairs = (of: Record<string, string | number> = {}) => Object.entries(of).map(([app, value]) => `${app}=${value}`).join(",");
