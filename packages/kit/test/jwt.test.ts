import { generateKeyPairSync } from "node:crypto";
import { Hono } from "hono";
import { createLocalJWKSet, exportJWK, SignJWT } from "jose";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { adminOnly, caller, createServiceApp, JwtVerifier, type CallerEnv } from "../src/index.ts";

const keys = generateKeyPairSync("ed25519");
const jwk = { ...(await exportJWK(keys.publicKey)), kid: "k1", alg: "EdDSA" };
const verifier = new JwtVerifier(createLocalJWKSet({ keys: [jwk] }), { issuer: "quire-users", audience: "quire" });
const token = (claims: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", kid: "k1" }).setSubject("u1").setIssuer("quire-users").setAudience("quire").setExpirationTime("1h").sign(keys.privateKey);

describe("the role in a token", () => {
  it.each([
    ["no role claim (a token from before roles)", {}, "shopper"],
    ["role shopper", { role: "shopper" }, "shopper"],
    ["role admin", { role: "admin" }, "admin"],
    ["a role this build does not know", { role: "superuser" }, "shopper"],
    ["a role that is not a string", { role: ["admin"] }, "shopper"],
  ])("%s reads as %s", async (_case, claims, role) => {
    expect(await verifier.verify(await token(claims))).toEqual({ userId: "u1", role });
  });
});

describe("caller and adminOnly", () => {
  const app = createServiceApp<CallerEnv>({ service: "test", logger: pino({ level: "silent" }) });
  app.route("/", new Hono<CallerEnv>().get("/staff", caller, adminOnly, (c) => c.json({ userId: c.get("userId"), role: c.get("role") })));

  it.each([
    ["no user", {}, 401],
    ["a user without a role header", { "x-user-id": "u1" }, 403],
    ["a shopper", { "x-user-id": "u1", "x-user-role": "shopper" }, 403],
    ["an unknown role", { "x-user-id": "u1", "x-user-role": "root" }, 403],
    ["an admin", { "x-user-id": "u1", "x-user-role": "admin" }, 200],
  ])("%s → %i", async (_case, headers, status) => {
    const res = await app.request("/staff", { headers });
    expect(res.status).toBe(status);
    if (status !== 200) expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});
