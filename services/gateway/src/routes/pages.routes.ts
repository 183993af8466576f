import type { AppEnv, Invoker, Logger } from "@quire/kit";
import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { forwardedPageHeaders, forwardedPageResponseHeaders, STOREFRONT } from "../domain/routing.ts";
import { rateLimit, type RateLimitOptions } from "./rate-limit.ts";
import { limitBody, relay, requireCleanPath } from "./relay.ts";

export type PageOptions = { invoker: Invoker; bodyLimitBytes: number; rateLimit: RateLimitOptions; logger: Logger };

// Everything outside /api is the storefront's: web pages and their forms. A form posted from
// another site is refused here by its Origin (and Sec-Fetch-Site); the storefront checks its own
// CSRF token as well. The session cookie goes on to the storefront and its Set-Cookie comes back.
export function pageRoutes({ invoker, bodyLimitBytes, rateLimit: limits, logger }: PageOptions) {
  return new Hono<AppEnv>().on(["GET", "HEAD", "POST"], "*", limitBody(bodyLimitBytes), csrf(), rateLimit(limits), async (c) => {
    requireCleanPath(c.req.path);
    return relay(c, invoker, logger, STOREFRONT, { requestHeaders: forwardedPageHeaders, responseHeaders: forwardedPageResponseHeaders });
  });
}
