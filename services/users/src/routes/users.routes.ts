import { api } from "@quire/contracts";
import { caller, openApiRoutes, type CallerEnv } from "@quire/kit";
import type { TokenIssuer } from "../domain/tokens.ts";
import type { UserService } from "../domain/user-service.ts";

export function usersRoutes(users: UserService, tokens: TokenIssuer) {
  return (
    openApiRoutes<CallerEnv>()
      .openapi(api.register, async (c) => c.json(await users.register(c.req.valid("json")), 201))
      .openapi(api.signIn, async (c) => {
        const { email, password } = c.req.valid("json");
        return c.json(await users.signIn(email, password), 200);
      })
      .openapi({ ...api.getMe, middleware: caller }, async (c) => c.json(await users.profile(c.get("userId")), 200))
      .openapi({ ...api.putAddress, middleware: caller }, async (c) => c.json(await users.setAddress(c.get("userId"), c.req.valid("json")), 200))
      // Internal: the gateway's sidecar fetches the public keys it verifies tokens with.
      .get("/jwks", (c) => c.json(tokens.jwks()))
  );
}
