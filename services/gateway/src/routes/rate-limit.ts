import { createHash } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import { AppError, type AppEnv } from "@quire/kit";
import type { Context } from "hono";
import { rateLimiter, type Store } from "hono-rate-limiter";
import { bearerToken } from "../domain/auth.ts";

// `store` holds the counts: shared by every gateway instance in a run (adapters/shared-rate-limit.ts),
// or this process's memory when none is given (unit tests). One store for every route.
export type RateLimitOptions = { limit: number; windowMs: number; store?: Store<AppEnv> | undefined };

// Per client, counted before any token is checked (so a flood never reaches the signature check
// or the key fetch): a signed-in client by its token (many shoppers may share one address), anyone
// else by address. Not by the user id inside the token, which is unchecked here: a forger could
// spend someone else's allowance with it. Over the limit: 429 problem+json with Retry-After and
// the RateLimit-* headers.
export function rateLimit({ limit, windowMs, store }: RateLimitOptions) {
  return rateLimiter<AppEnv>({
    windowMs,
    limit,
    ...(store ? { store } : {}),
    standardHeaders: "draft-6",
    keyGenerator: (c) => {
      const token = bearerToken(c.req.header("authorization"));
      return token ? `token:${createHash("sha256").update(token).digest("base64url")}` : `address:${clientAddress(c)}`;
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
