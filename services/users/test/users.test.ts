import { generateKeyPairSync, randomUUID } from "node:crypto";
import { MemoryStateStore } from "@quire/kit";
import { createLocalJWKSet, jwtVerify } from "jose";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { TokenIssuer } from "../src/domain/tokens.ts";
import { UserService } from "../src/domain/user-service.ts";

const pem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const options = { issuer: "quire-users", audience: "quire", ttlSeconds: 600 };

async function setup() {
  const state = new MemoryStateStore();
  const tokens = await TokenIssuer.fromPem(pem, options);
  const users = new UserService(state, tokens, randomUUID);
  const app = createApp({ users, tokens, logger: pino({ level: "silent" }) });
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    app.request(path, { method, headers: { "content-type": "application/json", ...headers }, ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}) });
  const roleIn = async (session: Response) => {
    const { token } = (await session.json()) as { token: string };
    const jwks = (await (await send("GET", "/jwks")).json()) as { keys: [] };
    return (await jwtVerify(token, createLocalJWKSet(jwks), { issuer: "quire-users", audience: "quire" })).payload.role;
  };
  return { app, send, state, users, roleIn };
}
const alice = { email: "Alice@Example.com", password: "correct horse battery", name: "Alice" };

describe("register and sign in", () => {
  it("registers, signs in, and issues a token the published keys verify", async () => {
    const { send } = await setup();
    const created = await send("POST", "/api/users", alice);
    expect(created.status).toBe(201);
    const user = (await created.json()) as { id: string };
    expect(user).toEqual({ id: expect.any(String), email: alice.email, name: "Alice" });

    const session = await send("POST", "/api/sessions", { email: "alice@example.com", password: alice.password });
    expect(session.status).toBe(200);
    const { token, expiresAt } = (await session.json()) as { token: string; expiresAt: string };
    const jwks = (await (await send("GET", "/jwks")).json()) as { keys: [] };
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer: "quire-users", audience: "quire" });
    expect(payload.sub).toBe(user.id);
    expect(protectedHeader.alg).toBe("EdDSA");
    expect(new Date(expiresAt).getTime()).toBe(payload.exp! * 1000);
    expect(payload.exp! - payload.iat!).toBe(600);
  });

  it("refuses a second account for the same email, whatever its case: 409", async () => {
    const { send } = await setup();
    expect((await send("POST", "/api/users", alice)).status).toBe(201);
    const again = await send("POST", "/api/users", { ...alice, email: "ALICE@example.COM", password: "someone else entirely" });
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toBe("application/problem+json");
  });

  it("gives a repeated identical registration (a retried request) its own account back, and nobody else", async () => {
    const { send } = await setup();
    const first = (await (await send("POST", "/api/users", alice)).json()) as { id: string };
    const again = await send("POST", "/api/users", alice);
    expect(again.status).toBe(201);
    expect(((await again.json()) as { id: string }).id).toBe(first.id);
    expect((await send("POST", "/api/users", { ...alice, password: "another password" })).status).toBe(409);
    expect((await send("POST", "/api/users", { ...alice, name: "Mallory" })).status).toBe(409);
  });

  it("of 20 concurrent registrations of one email, exactly one succeeds", async () => {
    const { send } = await setup();
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => send("POST", "/api/users", { ...alice, name: `Alice ${i}` }).then((r) => r.status)));
    // (different names: these are different registrations, not one sent twice)
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  });

  it("answers a wrong password and an unknown email with the same 401", async () => {
    const { send } = await setup();
    await send("POST", "/api/users", alice);
    const wrong = await send("POST", "/api/sessions", { email: alice.email, password: "not the password" });
    const unknown = await send("POST", "/api/sessions", { email: "bob@example.com", password: alice.password });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    const detail = async (r: Response) => ((await r.json()) as { detail: string }).detail;
    expect(await detail(wrong)).toBe(await detail(unknown));
  });

  it.each([
    ["a malformed email", { ...alice, email: "alice" }, "email"],
    ["a long email", { ...alice, email: `${"a".repeat(250)}@example.com` }, "email"],
    ["a short password", { ...alice, password: "short" }, "password"],
    ["a huge password", { ...alice, password: "x".repeat(201) }, "password"],
    ["a blank name", { ...alice, name: "   " }, "name"],
    ["a number for a name", { ...alice, name: 42 }, "name"],
    ["no email", { password: alice.password, name: "A" }, "email"],
  ])("rejects %s with 400 naming the field", async (_case, body, field) => {
    const res = await (await setup()).send("POST", "/api/users", body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: object }).errors).toHaveProperty([field]);
  });

  it("rejects malformed JSON with 400 problem+json", async () => {
    const res = await (await setup()).send("POST", "/api/sessions", "{email:");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("never shows the password or its hash", async () => {
    const { send, state } = await setup();
    const { id } = (await (await send("POST", "/api/users", alice)).json()) as { id: string };
    const me = await (await send("GET", "/api/me", undefined, { "x-user-id": id })).text();
    expect(me).not.toContain(alice.password);
    expect(me).not.toContain("scrypt");
    const stored = JSON.stringify((await state.get(`user:${id}`)).value);
    expect(stored).toContain("scrypt$");
    expect(stored).not.toContain(alice.password);
  });
});

describe("profile", () => {
  it("needs the gateway's x-user-id: 401 without it, 404 for an unknown user", async () => {
    const { send } = await setup();
    expect((await send("GET", "/api/me")).status).toBe(401);
    expect((await send("GET", "/api/me", undefined, { "x-user-id": "nobody" })).status).toBe(404);
  });

  it("keeps a shipping address", async () => {
    const { send } = await setup();
    const { id } = (await (await send("POST", "/api/users", alice)).json()) as { id: string };
    const address = { name: "Alice", line1: "1 Rue de la Paix", city: "Paris", postalCode: "75002", country: "FR" };
    const put = await send("PUT", "/api/me/address", address, { "x-user-id": id });
    expect(put.status).toBe(200);
    expect(await (await send("GET", "/api/me", undefined, { "x-user-id": id })).json()).toMatchObject({ id, address });
    const bad = await send("PUT", "/api/me/address", { ...address, country: "France" }, { "x-user-id": id });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: object }).errors).toHaveProperty(["country"]);
  });
});

describe("roles", () => {
  const staff = { email: "admin@quire.test", password: "staff password 1" };

  it("signs every sign-up in as a shopper, whatever the form says", async () => {
    const { send, roleIn } = await setup();
    expect((await send("POST", "/api/users", { ...alice, role: "admin" })).status).toBe(201);
    expect(await roleIn(await send("POST", "/api/sessions", alice))).toBe("shopper");
  });

  it("reads an account stored before roles as a shopper", async () => {
    const { send, state, roleIn } = await setup();
    const { id } = (await (await send("POST", "/api/users", alice)).json()) as { id: string };
    const { value } = await state.get<Record<string, unknown>>(`user:${id}`);
    const { role: _role, ...old } = value!;
    await state.saveMany([{ key: `user:${id}`, value: old }]);
    expect(await roleIn(await send("POST", "/api/sessions", alice))).toBe("shopper");
  });

  it("makes the staff account an admin, whose token says so", async () => {
    const { send, users, roleIn } = await setup();
    await users.ensureAdmin(staff);
    expect(await roleIn(await send("POST", "/api/sessions", staff))).toBe("admin");
  });

  it.each([
    ["started again", async (u: UserService) => [await u.ensureAdmin(staff), await u.ensureAdmin(staff)]],
    ["started twice at once", async (u: UserService) => Promise.all(Array.from({ length: 5 }, () => u.ensureAdmin(staff)))],
  ])("keeps one staff account when %s", async (_case, run) => {
    const { state, users } = await setup();
    const ids = new Set((await run(users)).map((p) => p.id));
    expect(ids.size).toBe(1);
    const { value: index } = await state.get<{ userId: string }>("email:admin@quire.test");
    expect(ids).toEqual(new Set([index!.userId]));
  });

  it("leaves the account untouched when nothing changed, and takes a new password from the secret", async () => {
    const { send, state, users } = await setup();
    const { id } = await users.ensureAdmin(staff);
    const { etag } = await state.get(`user:${id}`);
    await users.ensureAdmin(staff);
    expect((await state.get(`user:${id}`)).etag).toBe(etag);
    await users.ensureAdmin({ ...staff, password: "rotated password 2" });
    expect((await send("POST", "/api/sessions", staff)).status).toBe(401);
    expect((await send("POST", "/api/sessions", { ...staff, password: "rotated password 2" })).status).toBe(200);
  });

  it("promotes an account that already holds the staff email, and only the secret's password opens it", async () => {
    const { send, users, roleIn } = await setup();
    const { id } = (await (await send("POST", "/api/users", { ...staff, password: "someone else's", name: "Mallory" })).json()) as { id: string };
    expect((await users.ensureAdmin(staff)).id).toBe(id);
    expect((await send("POST", "/api/sessions", { ...staff, password: "someone else's" })).status).toBe(401);
    expect(await roleIn(await send("POST", "/api/sessions", staff))).toBe("admin");
  });
});

describe("health", () => {
  it("answers 503 until the staff account is in place", async () => {
    const tokens = await TokenIssuer.fromPem(pem, options);
    let ready = false;
    const app = createApp({ users: new UserService(new MemoryStateStore(), tokens, randomUUID), tokens, logger: pino({ level: "silent" }), adminReady: () => ready });
    expect((await app.request("/healthz")).status).toBe(503);
    ready = true;
    expect((await app.request("/healthz")).status).toBe(200);
  });
});

describe("signing key", () => {
  it("refuses a key that is not Ed25519", async () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    await expect(TokenIssuer.fromPem(rsa, options)).rejects.toThrow(/Ed25519/);
  });
});
