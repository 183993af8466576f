import { createServiceApp, type Invoker, type Logger, type TokenVerifier } from "@quire/kit";
import { cors } from "hono/cors";
import { cachedHealth, checkBackends } from "./domain/health.ts";
import { backends } from "./domain/routing.ts";
import { docsRoutes } from "./routes/docs.routes.ts";
import { pageRoutes } from "./routes/pages.routes.ts";
import { proxyRoutes } from "./routes/proxy.routes.ts";
import type { RateLimitOptions } from "./routes/rate-limit.ts";

export type GatewayDeps = {
  invoker: Invoker;
  verifier: TokenVerifier;
  logger: Logger;
  bodyLimitBytes: number;
  healthTimeoutMs: number;
  rateLimit: RateLimitOptions;
  corsOrigins: readonly string[];
  // The health cache's clock; tests move it by hand.
  clock?: () => number;
};

// The one public entry: /api/* to the owning services, every other path to the storefront's
// pages. No app token here (nothing calls the gateway through a sidecar).
export function createApp({ invoker, verifier, logger, bodyLimitBytes, healthTimeoutMs, rateLimit, corsOrigins, clock = Date.now }: GatewayDeps) {
  // Which services are down goes to the log, once each time that changes.
  let lastDown = "";
  const health = cachedHealth(async () => {
    const result = await checkBackends(invoker, backends, healthTimeoutMs);
    const down = result.down.join(", ");
    if (down !== lastDown) logger[down ? "warn" : "info"]({ down }, down ? "backends down" : "every backend healthy");
    lastDown = down;
    return result;
  }, { clock });
  // Public: up or down, and nothing about which service is down (that goes to the log).
  const app = createServiceApp({ service: "gateway", logger, health: async () => ({ ok: (await health()).ok }) });
  // Browsers on the storefront's origin may call the API; tokens travel in a header, not cookies.
  app.use(
    "/api/*",
    cors({
      origin: [...corsOrigins],
      allowMethods: ["GET", "HEAD", "POST", "PUT", "DELETE"],
      allowHeaders: ["authorization", "content-type", "idempotency-key", "x-request-id"],
      exposeHeaders: ["location", "etag", "retry-after", "x-request-id", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"],
      maxAge: 600,
    }),
  );
  // The documents first: they are the gateway's own answers under /api, not an owner's.
  return app
    .route("/", docsRoutes({ rateLimit }))
    .route("/", proxyRoutes({ invoker, verifier, bodyLimitBytes, rateLimit, logger }))
    .route("/", pageRoutes({ invoker, bodyLimitBytes, rateLimit, logger }));
}
