import { Hono } from "hono";
import type { ShopClient } from "../adapters/shop-client.ts";
import { LoginPage, RegisterPage } from "../pages/account.tsx";
import { formOf, viewer } from "./pages.ts";
import { safeNext, signIn, signOut, type StoreEnv } from "./session.ts";

// Register, sign in and out. A signed-in browser holds the users service's token in its session
// cookie (HttpOnly: page scripts never see it).
export function accountRoutes(shop: ShopClient, secureCookies: boolean) {
  return new Hono<StoreEnv>()
    .get("/login", (c) => c.html(<LoginPage viewer={viewer(c)} next={safeNext(c.req.query("next"))} reason={c.req.query("reason")} />))
    .post("/login", async (c) => {
      const { email = "", password = "", next } = await formOf(c);
      const back = safeNext(next);
      const result = await shop.signIn({ email, password });
      if (!result.ok) {
        const problem = result.status === 401 ? "That email and password do not match an account." : "Please correct the fields below.";
        return c.html(<LoginPage viewer={viewer(c)} next={back} values={{ email }} errors={result.errors} problem={problem} />, result.status === 401 ? 401 : 400);
      }
      signIn(c, result.value.token, result.value.expiresAt, secureCookies);
      return c.redirect(back, 303);
    })
    .get("/register", (c) => c.html(<RegisterPage viewer={viewer(c)} next={safeNext(c.req.query("next"))} />))
    .post("/register", async (c) => {
      const { name = "", email = "", password = "", next } = await formOf(c);
      const back = safeNext(next);
      const created = await shop.register({ name, email, password });
      if (!created.ok) {
        const errors = created.status === 409 ? { email: ["is already registered: sign in instead"] } : created.errors;
        return c.html(<RegisterPage viewer={viewer(c)} next={back} values={{ name, email }} errors={errors} problem="Please correct the fields below." />, created.status === 409 ? 409 : 400);
      }
      const session = await shop.signIn({ email, password });
      if (!session.ok) return c.redirect(`/login?${new URLSearchParams({ next: back })}`, 303);
      signIn(c, session.value.token, session.value.expiresAt, secureCookies);
      return c.redirect(back, 303);
    })
    .post("/logout", (c) => {
      signOut(c, secureCookies);
      return c.redirect("/", 303);
    });
}
