import { AppError, ROLE_HEADER, type AppEnv, type Invoker, type Logger, type TokenVerifier } from "@quire/kit";
import { Hono } from "hono";
import { identify } from "../domain/auth.ts";
import { forwardedRequestHeaders, forwardedResponseHeaders, isOpen, routeFor } from "../domain/routing.ts";
import { rateLimit, type RateLimitOptions } from "./rate-limit.ts";
import { limitBody, relay, requireCleanPath } from "./relay.ts";

export type ProxyOptions = { invoker: Invoker; verifier: TokenVerifier; bodyLimitBytes: number; rateLimit: RateLimitOptions; logger: Logger };

// Relays /api/* to the owning service by Dapr service invocation. Cheap work first, so a flood
// costs little: the caller's rate limit (a counter), the body limit, the path and the route (a
// lookup), and only then the token's signature (and, for an unknown key, a fetch of the users
// service's keys), then the route's rule: open, a signed-in user, or one with the route's role.
// Services get the user id and role only from here.
export function proxyRoutes({ invoker, verifier, bodyLimitBytes, rateLimit: limits, logger }: ProxyOptions) {
  return new Hono<AppEnv>().all("/api/*", rateLimit(limits), limitBody(bodyLimitBytes), async (c) => {
    requireCleanPath(c.req.path);
    const route = routeFor(c.req.path);
    if (!route || !route.methods.includes(c.req.method)) throw new AppError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`);
    const { userId, role, problem } = await identify(verifier, c.req.header("authorization")).catch((err: unknown) => {
      // A signed-in shopper is not turned away as a stranger because the keys are out of reach.
      throw new AppError("UNAVAILABLE", "Sign-in tokens cannot be checked right now; try again shortly.", undefined, { cause: err });
    });
    if (!userId && !isOpen(route, c.req.method)) {
      throw new AppError("UNAUTHORIZED", problem ?? "Sign in first: this route needs 'Authorization: Bearer <token>' from POST /api/sessions.");
    }
    if (route.role && role !== route.role) throw new AppError("FORBIDDEN", `Staff only: ${c.req.method} ${route.prefix} needs a signed-in ${route.role}.`);
    return relay(c, invoker, logger, route.appId, {
      requestHeaders: forwardedRequestHeaders,
      responseHeaders: forwardedResponseHeaders,
      ...(userId ? { extraHeaders: { "x-user-id": userId, [ROLE_HEADER]: role ?? "shopper" } } : {}),
    });
  });
}
