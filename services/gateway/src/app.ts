import { createServiceApp, type Invoker, type Logger, type TokenVerifier } from "@quire/kit";
import { cors } from "hono/cors";
import { checkBackends } from "./domain/health.ts";
import { backends } from "./domain/routing.ts";
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
};

// The one public entry: /api/* to the owning services, every other path to the storefront's
// pages. No app token here (nothing calls the gateway through a sidecar).
export function createApp({ invoker, verifier, logger, bodyLimitBytes, healthTimeoutMs, rateLimit, corsOrigins }: GatewayDeps) {
  const app = createServiceApp({ service: "gateway", logger, health: () => checkBackends(invoker, backends, healthTimeoutMs) });
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
  return app.route("/", proxyRoutes({ invoker, verifier, bodyLimitBytes, rateLimit, logger })).route("/", pageRoutes({ invoker, bodyLimitBytes, rateLimit, logger }));
}
