import { CommunicationProtocolEnum, DaprClient, LogLevel } from "@dapr/dapr";
import type { Logger } from "./logger.ts";

export type SidecarOptions = { host: string; httpPort: number; apiToken?: string | undefined };

// Returns a client once the sidecar answers (the SDK polls its outbound health endpoint,
// which is up before the sidecar reaches the app), so a service never races its sidecar.
export async function connectSidecar({ host, httpPort, apiToken }: SidecarOptions): Promise<DaprClient> {
  const client = new DaprClient({
    daprHost: host,
    daprPort: String(httpPort),
    communicationProtocol: CommunicationProtocolEnum.HTTP,
    logger: { level: LogLevel.Warn },
    ...(apiToken ? { daprApiToken: apiToken } : {}),
  });
  await client.start();
  return client;
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
