import { createLogger, JwtVerifier, SidecarInvoker, startServer, usersJwks } from "@quire/kit";
import { createApp } from "./app.ts";
import { env } from "./env.ts";

const logger = createLogger("gateway", env.LOG_LEVEL);
const sidecar = { host: env.DAPR_HOST, httpPort: env.DAPR_HTTP_PORT, apiToken: env.DAPR_API_TOKEN };
const app = createApp({
  invoker: new SidecarInvoker(sidecar),
  verifier: new JwtVerifier(usersJwks(sidecar, env.USERS_APP_ID), { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE }),
  logger,
  bodyLimitBytes: env.BODY_LIMIT_BYTES,
  healthTimeoutMs: env.HEALTH_TIMEOUT_MS,
  rateLimit: { limit: env.RATE_LIMIT, windowMs: env.RATE_LIMIT_WINDOW_SECONDS * 1000 },
  corsOrigins: env.CORS_ORIGINS,
});

startServer(app, { port: env.PORT, hostname: env.HOST, logger });
