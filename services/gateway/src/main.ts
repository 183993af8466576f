import { createLogger, DaprStateStore, JwtVerifier, sidecarClient, SidecarInvoker, startServer, usersJwks } from "@quire/kit";
import { SharedRateLimitStore } from "./adapters/shared-rate-limit.ts";
import { createApp } from "./app.ts";
import { env } from "./env.ts";

const logger = createLogger("gateway", env.LOG_LEVEL);
const sidecar = { host: env.DAPR_HOST, httpPort: env.DAPR_HTTP_PORT, apiToken: env.DAPR_API_TOKEN };
const limits = { limit: env.RATE_LIMIT, windowMs: env.RATE_LIMIT_WINDOW_SECONDS * 1000 };
const app = createApp({
  invoker: new SidecarInvoker(sidecar),
  verifier: new JwtVerifier(usersJwks(sidecar, env.USERS_APP_ID), { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE }),
  logger,
  bodyLimitBytes: env.BODY_LIMIT_BYTES,
  healthTimeoutMs: env.HEALTH_TIMEOUT_MS,
  rateLimit: { ...limits, store: new SharedRateLimitStore(new DaprStateStore(sidecarClient(sidecar), env.RATE_LIMIT_STORE), { ...limits, logger }) },
  corsOrigins: env.CORS_ORIGINS,
});

startServer(app, { port: env.PORT, hostname: env.HOST, logger });
