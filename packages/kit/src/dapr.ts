import { CommunicationProtocolEnum, DaprClient, LogLevel } from "@dapr/dapr";
import type { Logger } from "./logger.ts";
import { traceHeaders } from "./trace.ts";

export type SidecarOptions = { host: string; httpPort: number; apiToken?: string | undefined };

// Returns a client once the sidecar answers (the SDK polls its outbound health endpoint,
// which is up before the sidecar reaches the app), so a service never races its sidecar.
export async function connectSidecar(options: SidecarOptions): Promise<DaprClient> {
  const client = sidecarClient(options);
  await client.start();
  return client;
}

// A client that does not wait: its first call waits for the sidecar instead. For an app that must
// answer while its sidecar is down (the ops console).
export function sidecarClient({ host, httpPort, apiToken }: SidecarOptions): DaprClient {
  const client = new DaprClient({
    daprHost: host,
    daprPort: String(httpPort),
    communicationProtocol: CommunicationProtocolEnum.HTTP,
    logger: { level: LogLevel.Warn },
    ...(apiToken ? { daprApiToken: apiToken } : {}),
  });
  carryTrace(client);
  return client;
}

type Execute = (url: string, params?: { method?: string; headers?: Record<string, string>; body?: unknown }, ...rest: unknown[]) => Promise<unknown>;

// Every call the SDK makes to the sidecar (state, publish, secrets) carries the current request's
// traceparent, so daprd puts its spans in that trace instead of starting one per call. The SDK
// has no per-call headers; all its HTTP calls go through one method of its HTTP client, which this
// wraps. kit's dapr test fails loudly if the SDK changes under it.
export function carryTrace(client: DaprClient): void {
  const http = (client as unknown as { daprClient?: { execute?: Execute } }).daprClient;
  if (typeof http?.execute !== "function") throw new Error("@dapr/dapr changed: DaprClient.daprClient.execute is gone, so sidecar calls cannot carry the trace");
  const execute = http.execute.bind(http);
  http.execute = (url, params, ...rest) => {
    const trace = traceHeaders();
    if (!trace.traceparent) return execute(url, params, ...rest);
    return execute(url, { ...params, method: params?.method ?? (params?.body ? "POST" : "GET"), headers: { ...trace, ...params?.headers } }, ...rest);
  };
}

// The SDK reports a failed sidecar call as an Error whose message is JSON with the status.
export function sidecarStatus(err: unknown): number | undefined {
  if (!(err instanceof Error)) return undefined;
  try {
    const parsed = JSON.parse(err.message) as { status?: unknown };
    return typeof parsed.status === "number" ? parsed.status : undefined;
  } catch {
    return undefined;
  }
}

// Reads a secret a service cannot run without, at start. Missing or unreadable (not there, or not
// this app's to read) stops the process with one clear line rather than failing every request.
export async function requireSecret(dapr: DaprClient, store: string, name: string, logger: Logger, what: string): Promise<string> {
  const where = { store, secret: name };
  const secret = (await dapr.secret.get(store, name).catch((err: unknown) => {
    logger.fatal({ ...where, err }, `could not read ${what} from the secret store`);
    process.exit(1);
  })) as Record<string, string | undefined> | undefined;
  const value = secret?.[name];
  if (!value) {
    logger.fatal(where, `${what} is missing or empty: set secret "${name}" in secret store "${store}" (make secrets)`);
    process.exit(1);
  }
  return value;
}
