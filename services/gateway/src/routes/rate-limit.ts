import { getConnInfo } from "@hono/node-server/conninfo";
import { AppError } from "@quire/kit";
import type { Context } from "hono";
import { rateLimiter } from "hono-rate-limiter";
import type { GatewayEnv } from "./proxy.routes.ts";

export type RateLimitOptions = { limit: number; windowMs: number };

// Per client: a signed-in user by user id (many shoppers may share one address), anyone else by
// address. Over the limit: 429 problem+json with Retry-After and the RateLimit-* headers.
export function rateLimit({ limit, windowMs }: RateLimitOptions) {
  return rateLimiter<GatewayEnv>({
    windowMs,
    limit,
    standardHeaders: "draft-6",
    keyGenerator: (c) => {
      const userId = c.get("userId");
      return userId ? `user:${userId}` : `address:${clientAddress(c)}`;
    },
    handler: () => {
      throw new AppError("TOO_MANY_REQUESTS", `Too many requests: at most ${limit} per ${windowMs / 1000}s; see Retry-After.`);
    },
  });
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // in-process requests (tests) have no socket
  }
}
