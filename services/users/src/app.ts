import { createServiceApp, type Logger } from "@quire/kit";
import type { TokenIssuer } from "./domain/tokens.ts";
import type { UserService } from "./domain/user-service.ts";
import { usersRoutes } from "./routes/users.routes.ts";

export type UsersDeps = { users: UserService; tokens: TokenIssuer; logger: Logger; appToken?: string };

export function createApp({ users, tokens, logger, appToken }: UsersDeps) {
  const app = createServiceApp({ service: "users", logger, ...(appToken ? { appToken } : {}) });
  return app.route("/", usersRoutes(users, tokens));
}
