import { randomUUID } from "node:crypto";
import { connectSidecar, createLogger, DaprStateStore, requireSecret, startServer } from "@quire/kit";
import { createApp } from "./app.ts";
import { TokenIssuer } from "./domain/tokens.ts";
import { UserService } from "./domain/user-service.ts";
import { env } from "./env.ts";

const logger = createLogger("users", env.LOG_LEVEL);
const dapr = await connectSidecar({ host: env.DAPR_HOST, httpPort: env.DAPR_HTTP_PORT, apiToken: env.DAPR_API_TOKEN });

// Without its signing key the service could not issue a single token: refuse to start.
const pem = await requireSecret(dapr, env.SECRET_STORE, env.SIGNING_KEY_SECRET, logger, "the JWT signing key");

const tokens = await TokenIssuer.fromPem(pem, { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE, ttlSeconds: env.TOKEN_TTL_SECONDS });
const users = new UserService(new DaprStateStore(dapr, env.STATE_STORE), tokens, randomUUID);

startServer(createApp({ users, tokens, logger, appToken: env.APP_API_TOKEN }), { port: env.PORT, hostname: env.HOST, logger });
