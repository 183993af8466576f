import { AppError, type AppEnv, type Logger } from "@quire/kit";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { identify, type TokenVerifier } from "../domain/auth.ts";
import type { Invoker } from "../domain/invoker.ts";
import { forwardedRequestHeaders, forwardedResponseHeaders, isOpen, routeFor } from "../domain/routing.ts";
import { rateLimit, type RateLimitOptions } from "./rate-limit.ts";

export type ProxyOptions = { invoker: Invoker; verifier: TokenVerifier; bodyLimitBytes: number; rateLimit: RateLimitOptions; logger: Logger };
export type GatewayEnv = { Variables: AppEnv["Variables"] & { userId?: string | undefined; authProblem?: string | undefined } };

// Relays /api/* to the owning service by Dapr service invocation: body limit, then who is
// calling (a verified token), then the caller's rate limit, then the route's rule (open, or a
// signed-in user). Services get the user id only from here.
export function proxyRoutes({ invoker, verifier, bodyLimitBytes, rateLimit: limits, logger }: ProxyOptions) {
  const authenticate = createMiddleware<GatewayEnv>(async (c, next) => {
    const identity = await identify(verifier, c.req.header("authorization"));
    c.set("userId", identity.userId);
    if (!identity.userId && identity.problem) c.set("authProblem", identity.problem);
    await next();
  });

  return new Hono<GatewayEnv>().all(
    "/api/*",
    bodyLimit({
      maxSize: bodyLimitBytes,
      onError: () => {
        throw new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${bodyLimitBytes} bytes.`);
      },
    }),
    authenticate,
    rateLimit(limits),
    async (c) => {
      if (!isCleanPath(c.req.path)) throw new AppError("BAD_REQUEST", "The path holds characters that no route has: letters, digits, '/', '-', '_', '.' and '~' only.");
      const route = routeFor(c.req.path);
      if (!route || !route.methods.includes(c.req.method)) throw new AppError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`);
      const appId = route.appId;
      const userId = c.get("userId");
      if (!userId && !isOpen(route, c.req.method)) {
        throw new AppError("UNAUTHORIZED", c.get("authProblem") ?? "Sign in first: this route needs 'Authorization: Bearer <token>' from POST /api/sessions.");
      }

      const headers = new Headers();
      for (const name of forwardedRequestHeaders) {
        const value = c.req.header(name);
        if (value !== undefined) headers.set(name, value);
      }
      headers.set("x-request-id", c.get("requestId"));
      if (userId) headers.set("x-user-id", userId);
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
      for (const name of forwardedResponseHeaders) {
        const value = upstream.headers.get(name);
        if (value !== null) out.set(name, value);
      }
      out.set("x-request-id", c.get("requestId"));
      return new Response(upstream.body, { status: upstream.status, headers: out });
    },
  );
}

// daprd answers with its own JSON error ({ errorCode: "ERR_..." }) when it cannot reach the app
// (5xx) or the app's access list refuses the call (403); an app's own answers are problem+json
// and pass through unchanged.
async function isSidecarAnswer(res: Response): Promise<boolean> {
  if ((res.status < 500 && res.status !== 403) || !res.headers.get("content-type")?.startsWith("application/json")) return false;
  const body = (await res.clone().json().catch(() => ({}))) as { errorCode?: unknown };
  return typeof body.errorCode === "string" && body.errorCode.startsWith("ERR_");
}

// Every resource in the API is named by letters, digits and -_.~ ; anything else in a path (an
// escaped '?', '#', '%' or control character) names nothing, and some of it would confuse the
// sidecar's own routing, so it stops here.
function isCleanPath(path: string): boolean {
  try {
    return /^[A-Za-z0-9/_.~-]*$/.test(decodeURIComponent(path));
  } catch {
    return false; // a malformed escape such as "%zz"
  }
}
