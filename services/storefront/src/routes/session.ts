import { randomBytes, timingSafeEqual } from "node:crypto";
import { AppError, TokenRejected, type AppEnv, type Role, type TokenVerifier } from "@quire/kit";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { ServiceUnavailable, type Staff } from "../adapters/shop-client.ts";

// The browser's session: a CSRF secret, and once signed in the users service's token (and who it
// names: the user and their role).
export type Session = { csrf: string; userId?: string; role?: Role; token?: string; expired?: boolean };
export type StoreEnv = { Variables: AppEnv["Variables"] & { session: Session } };

const COOKIE = "quire_session";
const CSRF_RE = /^[A-Za-z0-9_-]{43}$/;

// One HttpOnly, SameSite cookie holds "<csrf>.<token>": one Set-Cookie per answer, which every
// proxy on the way keeps intact. The token is the same JWT the API takes, checked the same way.
export function session(verifier: TokenVerifier, secure: boolean) {
  return createMiddleware<StoreEnv>(async (c, next) => {
    const raw = getCookie(c, COOKIE) ?? "";
    const dot = raw.indexOf(".");
    const csrf = dot === -1 ? raw : raw.slice(0, dot);
    const token = dot === -1 ? undefined : raw.slice(dot + 1);
    if (!CSRF_RE.test(csrf)) {
      const fresh: Session = { csrf: newSecret() };
      c.set("session", fresh);
      write(c, fresh, secure);
    } else if (token) {
      try {
        c.set("session", { csrf, token, ...(await verifier.verify(token)) });
      } catch (err) {
        // The users service's keys could not be fetched: say so, but keep the shopper signed in.
        if (!(err instanceof TokenRejected)) throw new ServiceUnavailable("users", 0);
        // Expired or no longer valid: signed out, and the next page says why.
        const out: Session = { csrf, expired: true };
        c.set("session", out);
        write(c, out, secure);
      }
    } else {
      c.set("session", { csrf });
    }
    await next();
  });
}

export function signIn(c: Context<StoreEnv>, token: string, expiresAt: string, secure: boolean) {
  // A new CSRF secret at sign-in: a secret planted before it is worth nothing after.
  write(c, { csrf: newSecret(), token }, secure, Math.max(60, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000)));
}

export function signOut(c: Context<StoreEnv>, secure: boolean) {
  write(c, { csrf: newSecret() }, secure);
}

// Every form posts the session's secret back (double submit): a page on another site can
// neither read the cookie nor guess the secret, so its forged form is refused.
export const requireCsrf = createMiddleware<StoreEnv>(async (c, next) => {
  if (c.req.method === "POST") {
    const form = await c.req.parseBody();
    const sent = typeof form._csrf === "string" ? Buffer.from(form._csrf) : Buffer.alloc(0);
    const expected = Buffer.from(c.get("session").csrf);
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
      throw new AppError("FORBIDDEN", "This form has expired or did not come from this shop. Go back, reload the page and try again.");
    }
  }
  await next();
});

// Pages of a signed-in shopper: anyone else goes to the sign-in page and comes back after.
export const requireShopper = createMiddleware<StoreEnv>(async (c, next) => {
  if (c.get("session").userId) return next();
  // A form sent while signed out names the page to come back to; a page is its own way back.
  const next_ = c.req.method === "GET" ? c.req.path + new URL(c.req.url).search : safeNext((await c.req.parseBody()).next);
  const reason = c.get("session").expired ? "expired" : "required";
  return c.redirect(`/login?${new URLSearchParams({ next: next_, reason })}`, 303);
});

// Staff pages: signed out goes to sign in like any page; signed in as a shopper is refused.
export const requireAdmin = createMiddleware<StoreEnv>(async (c, next) => {
  if (!c.get("session").userId) return requireShopper(c, next);
  if (c.get("session").role !== "admin") throw new AppError("FORBIDDEN", "This page is for shop staff. Sign in with a staff account to use it.");
  await next();
});

export const userId = (c: Context<StoreEnv>): string => c.get("session").userId!;
export const staff = (c: Context<StoreEnv>): Staff => ({ userId: userId(c), role: c.get("session").role ?? "shopper" });

// Only paths of this site: "/orders/1" yes, "//evil.example" or "https://…" no.
export const safeNext = (next: unknown): string => (typeof next === "string" && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : "/");

function write(c: Context, { csrf, token }: Session, secure: boolean, maxAge = 60 * 60 * 24 * 7) {
  setCookie(c, COOKIE, token ? `${csrf}.${token}` : csrf, { httpOnly: true, sameSite: "Lax", secure, path: "/", maxAge });
}

const newSecret = () => randomBytes(32).toString("base64url");
