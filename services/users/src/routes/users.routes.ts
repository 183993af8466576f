import { caller, validate, type CallerEnv } from "@quire/kit";
import { Hono } from "hono";
import { z } from "zod";
import type { TokenIssuer } from "../domain/tokens.ts";
import type { UserService } from "../domain/user-service.ts";

const text = (max: number) => z.string("is required").trim().min(1, "is required").max(max, `must be at most ${max} characters`);
const email = z.string("is required").trim().max(254, "must be at most 254 characters").pipe(z.email("must be an email address"));
const password = z.string("is required").min(8, "must be at least 8 characters").max(200, "must be at most 200 characters");

const registration = z.object({ email, password, name: text(100) });
const credentials = z.object({ email, password: z.string("is required").min(1, "is required").max(200, "must be at most 200 characters") });
const address = z.object({
  name: text(100),
  line1: text(200),
  city: text(100),
  postalCode: text(20),
  country: z.string("is required").regex(/^[A-Z]{2}$/, "must be a two-letter country code"),
});

export function usersRoutes(users: UserService, tokens: TokenIssuer) {
  return (
    new Hono<CallerEnv>()
      .post("/api/users", validate("json", registration), async (c) => c.json(await users.register(c.req.valid("json")), 201))
      .post("/api/sessions", validate("json", credentials), async (c) => {
        const { email, password } = c.req.valid("json");
        return c.json(await users.signIn(email, password));
      })
      .get("/api/me", caller, async (c) => c.json(await users.profile(c.get("userId"))))
      .put("/api/me/address", caller, validate("json", address), async (c) => c.json(await users.setAddress(c.get("userId"), c.req.valid("json"))))
      // Internal: the gateway's sidecar fetches the public keys it verifies tokens with.
      .get("/jwks", (c) => c.json(tokens.jwks()))
  );
}
