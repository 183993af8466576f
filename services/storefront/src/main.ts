import { createLogger, JwtVerifier, SidecarInvoker, startServer, usersJwks } from "@quire/kit";
import { createApp } from "./app.tsx";
import { ShopClient } from "./adapters/shop-client.ts";
import { env } from "./env.ts";

const logger = createLogger("storefront", env.LOG_LEVEL);
const sidecar = { host: env.DAPR_HOST, httpPort: env.DAPR_HTTP_PORT, apiToken: env.DAPR_API_TOKEN };
const app = createApp({
  shop: new ShopClient(new SidecarInvoker(sidecar)),
  verifier: new JwtVerifier(usersJwks(sidecar, env.USERS_APP_ID), { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE }),
  logger,
  appToken: env.APP_API_TOKEN,
  secureCookies: env.COOKIE_SECURE,
});

startServer(app, { port: env.PORT, hostname: env.HOST, logger });
