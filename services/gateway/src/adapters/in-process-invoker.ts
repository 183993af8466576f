import type { Forward, Invoker } from "../domain/invoker.ts";

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
