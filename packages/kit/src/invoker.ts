import { Agent, request } from "node:http";
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
// so these calls go to the documented /v1.0/invoke endpoint directly. With node:http and a
// keep-alive agent rather than fetch: the gateway makes one such call per request, and fetch's
// WHATWG machinery (Request, Headers, body streams) made the gateway's whole request cost ~40%
// more CPU (README, "Performance"). Answers are small JSON or pages, read whole.
export class SidecarInvoker implements Invoker {
  private readonly agent = new Agent({ keepAlive: true });

  constructor(private readonly options: { host: string; httpPort: number; apiToken?: string | undefined }) {}

  forward(appId: string, { method, target, headers, body }: Forward, signal?: AbortSignal): Promise<Response> {
    const { host, httpPort, apiToken } = this.options;
    const outgoing: Record<string, string> = { ...traceHeaders() };
    headers.forEach((value, name) => (outgoing[name] = value));
    if (apiToken) outgoing["dapr-api-token"] = apiToken;
    const payload = body && body.byteLength > 0 ? Buffer.from(body) : undefined;
    if (payload) outgoing["content-length"] = String(payload.byteLength);
    return new Promise((resolve, reject) => {
      // A redirect is the callee's answer for the client (a page's 303): node:http never follows one.
      const req = request({ host, port: httpPort, method, path: `/v1.0/invoke/${appId}/method${target}`, headers: outgoing, agent: this.agent, ...(signal ? { signal } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const answer = new Headers();
          for (let i = 0; i < res.rawHeaders.length; i += 2) answer.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
          const status = res.statusCode ?? 502;
          const content = chunks.length === 0 || NULL_BODY.has(status) ? null : Buffer.concat(chunks);
          resolve(new Response(content, { status, headers: answer }));
        });
      });
      req.on("error", reject);
      req.end(payload);
    });
  }
}

// Statuses whose Response may not have a body.
const NULL_BODY = new Set([101, 204, 205, 304]);

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
