import { AppError, type AppEnv, type Invoker, type Logger } from "@quire/kit";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";

export type RelayRule = {
  // Headers the owner may see, and headers the client may see back; everything else stays behind.
  requestHeaders: readonly string[];
  responseHeaders: readonly string[];
  // Set by the gateway itself (the verified user), never copied from the client.
  extraHeaders?: Record<string, string>;
};

// Sends the request on to `appId` by Dapr service invocation and hands its answer back.
export async function relay(c: Context<AppEnv>, invoker: Invoker, logger: Logger, appId: string, rule: RelayRule): Promise<Response> {
  const headers = new Headers();
  for (const name of rule.requestHeaders) {
    const value = c.req.header(name);
    if (value !== undefined) headers.set(name, value);
  }
  for (const [name, value] of Object.entries(rule.extraHeaders ?? {})) headers.set(name, value);
  headers.set("x-request-id", c.get("requestId"));
  const url = new URL(c.req.url);
  const body = ["GET", "HEAD"].includes(c.req.method) ? undefined : await c.req.arrayBuffer();

  let upstream: Response;
  try {
    // HEAD goes on as GET, so a sidecar's error arrives with a body to read; the client
    // still gets headers only (the server drops the body of a HEAD answer).
    const method = c.req.method === "HEAD" ? "GET" : c.req.method;
    upstream = await invoker.forward(appId, { method, target: url.pathname + url.search, headers, body });
  } catch (err) {
    throw new AppError("BAD_GATEWAY", `The ${appId} service could not be reached.`, undefined, { cause: err });
  }
  if (await isSidecarAnswer(upstream)) {
    // The owner's access list has no such operation for the gateway: not part of the API.
    if (upstream.status === 403) throw new AppError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`);
    logger.warn({ appId, status: upstream.status, requestId: c.get("requestId") }, "invocation failed in the sidecar");
    throw new AppError("UNAVAILABLE", `The ${appId} service is unavailable; try again shortly.`);
  }

  const out = new Headers();
  for (const name of rule.responseHeaders) {
    const value = upstream.headers.get(name);
    if (value !== null) out.set(name, value);
  }
  out.set("x-request-id", c.get("requestId"));
  return new Response(upstream.body, { status: upstream.status, headers: out });
}

// daprd answers with its own JSON error ({ errorCode: "ERR_..." }) when it cannot reach the app
// (5xx) or the app's access list refuses the call (403); an app's own answers pass through.
async function isSidecarAnswer(res: Response): Promise<boolean> {
  if ((res.status < 500 && res.status !== 403) || !res.headers.get("content-type")?.startsWith("application/json")) return false;
  const body = (await res.clone().json().catch(() => ({}))) as { errorCode?: unknown };
  return typeof body.errorCode === "string" && body.errorCode.startsWith("ERR_");
}

// Every resource is named by letters, digits and -_.~ ; anything else in a path (an escaped '?',
// '#', '%' or control character) names nothing, and some of it would confuse the sidecar's own
// routing, so it stops here.
export function requireCleanPath(path: string): void {
  let clean: boolean;
  try {
    clean = /^[A-Za-z0-9/_.~-]*$/.test(decodeURIComponent(path));
  } catch {
    clean = false; // a malformed escape such as "%zz"
  }
  if (!clean) throw new AppError("BAD_REQUEST", "The path holds characters that no route has: letters, digits, '/', '-', '_', '.' and '~' only.");
}

export const limitBody = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${maxSize} bytes.`);
    },
  });
