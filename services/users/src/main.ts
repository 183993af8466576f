import { randomUUID } from "node:crypto";
import { connectSidecar, createLogger, DaprStateStore, requireSecret, startServer } from "@quire/kit";
import { createApp } from "./app.ts";
import { TokenIssuer } from "./domain/tokens.ts";
import { adminAccountSchema } from "./domain/user.ts";
import { UserService } from "./domain/user-service.ts";
import { env } from "./env.ts";

const ADMIN_RETRY_MS = 2000;

const logger = createLogger("users", env.LOG_LEVEL);
const dapr = await connectSidecar({ host: env.DAPR_HOST, httpPort: env.DAPR_HTTP_PORT, apiToken: env.DAPR_API_TOKEN });

// Without its signing key the service could not issue a single token: refuse to start.
const pem = await requireSecret(dapr, env.SECRET_STORE, env.SIGNING_KEY_SECRET, logger, "the JWT signing key");
// A shop nobody can restock is misconfigured too: the staff account's secrets are required.
const admin = adminAccountSchema.safeParse({
  email: await requireSecret(dapr, env.SECRET_STORE, env.ADMIN_EMAIL_SECRET, logger, "the admin account's email"),
  password: await requireSecret(dapr, env.SECRET_STORE, env.ADMIN_PASSWORD_SECRET, logger, "the admin account's password"),
});
if (!admin.success) {
  logger.fatal({ fields: admin.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) }, "the admin account's secrets are invalid");
  process.exit(1);
}

const tokens = await TokenIssuer.fromPem(pem, { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE, ttlSeconds: env.TOKEN_TTL_SECONDS });
const users = new UserService(new DaprStateStore(dapr, env.STATE_STORE), tokens, randomUUID);
let adminReady = false;

// Listen first, as inventory does: the sidecar finishes starting only once the app port answers.
startServer(createApp({ users, tokens, logger, appToken: env.APP_API_TOKEN, adminReady: () => adminReady }), { port: env.PORT, hostname: env.HOST, logger });

for (let attempt = 1; !adminReady; attempt++) {
  try {
    const { id, email } = await users.ensureAdmin(admin.data);
    logger.info({ id, email }, "admin account ready");
    adminReady = true;
  } catch (err) {
    logger.warn({ err, attempt }, `making the admin account failed; retrying in ${ADMIN_RETRY_MS / 1000}s`);
    await new Promise((r) => setTimeout(r, ADMIN_RETRY_MS));
  }
}
