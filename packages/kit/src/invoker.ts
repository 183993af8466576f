import { traceHeaders } from "./trace.ts";

export type Forward = {
  method: string;
  // Path and query string, e.g. "/api/books?q=dickens".
  target: string;
  headers: Headers;
  body?: ArrayBuffer | undefined;
};

// Calls a service by app id. The Dapr adapter goes through the sidecar's invocation API; the
// in-memory one calls Hono apps in-process, for unit tests.
export interface Invoker {
  forward(appId: string, request: Forward, signal?: AbortSignal): Promise<Response>;
}

// Service invocation over the sidecar's HTTP API. The gateway and the storefront need whole
// responses (status, Location, problem+json bodies), which the SDK's invoker does not hand back,
// so these calls go to the documented /v1.0/invoke endpoint directly.
export class SidecarInvoker implements Invoker {
  constructor(private readonly options: { host: string; httpPort: number; apiToken?: string | undefined }) {}

  async forward(appId: string, { method, target, headers, body }: Forward, signal?: AbortSignal): Promise<Response> {
    const { host, httpPort, apiToken } = this.options;
    const outgoing = new Headers({ ...traceHeaders() });
    headers.forEach((value, name) => outgoing.set(name, value));
    if (apiToken) outgoing.set("dapr-api-token", apiToken);
    return fetch(`http://${host}:${httpPort}/v1.0/invoke/${appId}/method${target}`, {
      method,
      headers: outgoing,
      // A redirect is the callee's answer for the client (a page's 303), not one to follow here.
      redirect: "manual",
      ...(body && body.byteLength > 0 ? { body } : {}),
      ...(signal ? { signal } : {}),
    });
  }
}

type FetchLike = { request: (url: string, init: RequestInit) => Response | Promise<Response> };

// Calls Hono apps in-process by app id; an unknown app answers as daprd does when it cannot reach one.
export class InProcessInvoker implements Invoker {
  constructor(private readonly apps: Record<string, FetchLike>) {}

  async forward(appId: string, { method, target, headers, body }: Forward): Promise<Response> {
    const app = this.apps[appId];
    if (!app) return Response.json({ errorCode: "ERR_DIRECT_INVOKE", message: `no app ${appId}` }, { status: 500 });
    return app.request(target, { method, headers, ...(body && body.byteLength > 0 ? { body } : {}) });
  }
}
