import { AppError, type AppEnv, type Invoker, type Logger, type TokenVerifier } from "@quire/kit";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { identify } from "../domain/auth.ts";
import { forwardedRequestHeaders, forwardedResponseHeaders, isOpen, routeFor } from "../domain/routing.ts";
import { rateLimit, type RateLimitOptions } from "./rate-limit.ts";
import { limitBody, relay, requireCleanPath } from "./relay.ts";

export type ProxyOptions = { invoker: Invoker; verifier: TokenVerifier; bodyLimitBytes: number; rateLimit: RateLimitOptions; logger: Logger };
export type GatewayEnv = { Variables: AppEnv["Variables"] & { userId?: string | undefined; authProblem?: string | undefined } };

// Relays /api/* to the owning service by Dapr service invocation: body limit, then who is
// calling (a verified token), then the caller's rate limit, then the route's rule (open, or a
// signed-in user). Services get the user id only from here.
export function proxyRoutes({ invoker, verifier, bodyLimitBytes, rateLimit: limits, logger }: ProxyOptions) {
  const authenticate = createMiddleware<GatewayEnv>(async (c, next) => {
    const identity = await identify(verifier, c.req.header("authorization")).catch((err: unknown) => {
      // A signed-in shopper is not turned away as a stranger because the keys are out of reach.
      throw new AppError("UNAVAILABLE", "Sign-in tokens cannot be checked right now; try again shortly.", undefined, { cause: err });
    });
    c.set("userId", identity.userId);
    if (!identity.userId && identity.problem) c.set("authProblem", identity.problem);
    await next();
  });

  return new Hono<GatewayEnv>().all(
    "/api/*",
    limitBody(bodyLimitBytes),
    authenticate,
    rateLimit(limits),
    async (c) => {
      requireCleanPath(c.req.path);
      const route = routeFor(c.req.path);
      if (!route || !route.methods.includes(c.req.method)) throw new AppError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`);
      const userId = c.get("userId");
      if (!userId && !isOpen(route, c.req.method)) {
        throw new AppError("UNAUTHORIZED", c.get("authProblem") ?? "Sign in first: this route needs 'Authorization: Bearer <token>' from POST /api/sessions.");
      }
      return relay(c, invoker, logger, route.appId, {
        requestHeaders: forwardedRequestHeaders,
        responseHeaders: forwardedResponseHeaders,
        ...(userId ? { extraHeaders: { "x-user-id": userId } } : {}),
      });
    },
  );
}
