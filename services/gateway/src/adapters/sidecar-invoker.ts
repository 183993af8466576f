import type { Forward, Invoker } from "../domain/invoker.ts";

// Service invocation over the sidecar's HTTP API. The gateway relays whole responses (status,
// Location, problem+json bodies), which the SDK's invoker does not hand back, so this one call
// goes to the documented /v1.0/invoke endpoint directly.
export class SidecarInvoker implements Invoker {
  constructor(private readonly options: { host: string; httpPort: number; apiToken?: string | undefined }) {}

  async forward(appId: string, { method, target, headers, body }: Forward, signal?: AbortSignal): Promise<Response> {
    const { host, httpPort, apiToken } = this.options;
    const outgoing = new Headers(headers);
    if (apiToken) outgoing.set("dapr-api-token", apiToken);
    return fetch(`http://${host}:${httpPort}/v1.0/invoke/${appId}/method${target}`, {
      method,
      headers: outgoing,
      ...(body && body.byteLength > 0 ? { body } : {}),
      ...(signal ? { signal } : {}),
    });
  }
}
