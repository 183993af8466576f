import { createServiceApp, type Logger } from "@quire/kit";
import type { TokenIssuer } from "./domain/tokens.ts";
import type { UserService } from "./domain/user-service.ts";
import { usersRoutes } from "./routes/users.routes.ts";

export type UsersDeps = {
  users: UserService;
  tokens: TokenIssuer;
  logger: Logger;
  appToken?: string;
  // False until the staff account is in place; absent in unit tests.
  adminReady?: () => boolean;
};

export function createApp({ users, tokens, logger, appToken, adminReady = () => true }: UsersDeps) {
  // Unhealthy until the admin account exists, so a cluster reports ready only once staff can sign in.
  const health = async () => ({ ok: adminReady(), details: { adminAccount: adminReady() } });
  const app = createServiceApp({ service: "users", logger, health, ...(appToken ? { appToken } : {}) });
  return app.route("/", usersRoutes(users, tokens));
}
