import { generateKeyPairSync } from "node:crypto";
import { createServiceApp, InProcessInvoker, JwtVerifier, type Forward, type Invoker, type TokenVerifier } from "@quire/kit";
import { createLocalJWKSet, exportJWK, SignJWT } from "jose";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { backends } from "../src/domain/routing.ts";

const logger = pino({ level: "silent" });
const ISSUER = "quire-users";
const AUDIENCE = "quire";

// A key pair like the users service's, and one an attacker made.
const users = generateKeyPairSync("ed25519");
const attacker = generateKeyPairSync("ed25519");
const publicJwk = { ...(await exportJWK(users.publicKey)), kid: "k1", alg: "EdDSA" };
const verifier = new JwtVerifier(createLocalJWKSet({ keys: [publicJwk] }), { issuer: ISSUER, audience: AUDIENCE });

async function tokenFor(userId: string, { key = users.privateKey, issuer = ISSUER, expiresIn = "1h" as string | number, role = undefined as string | undefined } = {}) {
  return new SignJWT(role ? { role } : {}).setProtectedHeader({ alg: "EdDSA", kid: "k1" }).setSubject(userId).setIssuer(issuer).setAudience(AUDIENCE).setIssuedAt().setExpirationTime(expiresIn).sign(key);
}
const bearer = async (userId: string, role?: string) => ({ authorization: `Bearer ${await tokenFor(userId, { role })}` });

// Stand-ins for the backends: tiny apps that show what the gateway sent them.
function echoApp(service: string) {
  const app = createServiceApp({ service, logger });
  app.all("/api/*", async (c) =>
    c.json({ service, method: c.req.method, path: c.req.path, query: c.req.query(), userId: c.req.header("x-user-id") ?? null, role: c.req.header("x-user-role") ?? null, requestId: c.req.header("x-request-id"), body: await c.req.text(), cookie: c.req.header("cookie") ?? null }, 201, { location: "/somewhere", "x-internal": "secret" }),
  );
  return app;
}

const allApps = () => Object.fromEntries(backends.map((id) => [id, echoApp(id)]));

function gateway(apps: Record<string, ReturnType<typeof echoApp>> = allApps(), limit = 1000, tokens: TokenVerifier = verifier, { invoker, clock = Date.now }: { invoker?: Invoker; clock?: () => number } = {}) {
  return createApp({
    invoker: invoker ?? new InProcessInvoker(apps),
    clock,
    verifier: tokens,
    logger,
    bodyLimitBytes: 1024,
    healthTimeoutMs: 500,
    rateLimit: { limit, windowMs: 60_000 },
    corsOrigins: ["http://shop.example"],
  });
}

describe("gateway routing", () => {
  it.each([
    ["/api/books?q=x", "catalog", "/api/books"],
    ["/api/books/9780000000002", "catalog", "/api/books/9780000000002"],
    ["/api/cart/items/1", "cart", "/api/cart/items/1"],
    ["/api/inventory/9780000000002", "inventory", "/api/inventory/9780000000002"],
    ["/api/orders/o-1", "orders", "/api/orders/o-1"],
    ["/api/notifications", "notifications", "/api/notifications"],
    ["/api/me", "users", "/api/me"],
    ["/api/admin/orders/o-1", "orders", "/api/admin/orders/o-1"],
  ])("sends %s to %s unchanged, with the token's user and role", async (url, service, path) => {
    const res = await gateway().request(url, { headers: { ...(await bearer("u1", "admin")), "x-request-id": "r-1", cookie: "a=b" } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ service, path, userId: "u1", role: "admin", requestId: "r-1", cookie: null });
    expect(res.headers.get("location")).toBe("/somewhere");
    expect(res.headers.get("x-internal")).toBeNull();
  });

  it("passes bodies and query strings on", async () => {
    const res = await gateway().request("/api/cart/items/1?x=1", { method: "PUT", headers: { ...(await bearer("u1")), "content-type": "application/json" }, body: '{"quantity":1}' });
    expect(await res.json()).toMatchObject({ method: "PUT", query: { x: "1" }, body: '{"quantity":1}' });
  });

  it("answers 404 problem+json for a path no service owns", async () => {
    const res = await gateway().request("/api/unknown");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("refuses a body over the limit with 413", async () => {
    const res = await gateway().request("/api/cart/items/1", { method: "PUT", headers: { ...(await bearer("u1")), "content-type": "application/json" }, body: JSON.stringify({ pad: "x".repeat(2048) }) });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("turns a sidecar that cannot reach the owner into 503 problem+json", async () => {
    const { cart: _down, ...others } = allApps();
    const res = await gateway(others).request("/api/cart", { headers: await bearer("u1") });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { detail: string }).detail).toContain("cart");
  });
});

describe("gateway authentication", () => {
  it.each([
    ["GET", "/api/books?q=x", "catalog"],
    ["GET", "/api/inventory/9780000000002", "inventory"],
    ["POST", "/api/users", "users"],
    ["POST", "/api/sessions", "users"],
  ])("lets anyone %s %s", async (method, url, service) => {
    const res = await gateway().request(url, { method });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ service, userId: null });
  });

  it.each([
    ["GET", "/api/cart"],
    ["PUT", "/api/cart/items/9780000000002"],
    ["POST", "/api/checkout"],
    ["GET", "/api/orders"],
    ["GET", "/api/notifications"],
    ["GET", "/api/me"],
  ])("refuses %s %s without a token: 401 problem+json", async (method, url) => {
    const res = await gateway().request(url, { method });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(((await res.json()) as { detail: string }).detail).toMatch(/Sign in/);
  });

  it.each([
    ["expired", () => tokenFor("u1", { expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    ["signed with another key", () => tokenFor("u1", { key: attacker.privateKey })],
    ["from another issuer", () => tokenFor("u1", { issuer: "someone-else" })],
    ["tampered with", async () => (await tokenFor("u1")).replace(/\.[^.]+\./, `.${Buffer.from(JSON.stringify({ sub: "u2", iss: ISSUER, aud: AUDIENCE, exp: 9e9 })).toString("base64url")}.`)],
    ["not a JWT", async () => "not-a-token"],
    ["naming a key the users service does not have", async () => new SignJWT({}).setProtectedHeader({ alg: "EdDSA", kid: "k9" }).setSubject("u1").setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime("1h").sign(attacker.privateKey)],
  ])("refuses a token %s: 401", async (_case, make) => {
    const res = await gateway().request("/api/cart", { headers: { authorization: `Bearer ${await make()}` } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/invalid or has expired/);
  });

  it("answers 503, not 401, when the users service's keys are out of reach, and still lets anyone browse", async () => {
    const unreachable = new JwtVerifier(async () => {
      throw new TypeError("fetch failed");
    }, { issuer: ISSUER, audience: AUDIENCE });
    const res = await gateway(allApps(), 1000, unreachable).request("/api/cart", { headers: await bearer("u1") });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/cannot be checked right now/);
    expect((await gateway(allApps(), 1000, unreachable).request("/api/books")).status).toBe(201);
  });

  it("refuses an Authorization header that is not a bearer token", async () => {
    const res = await gateway().request("/api/cart", { headers: { authorization: "Basic dTE6cHc=" } });
    expect(res.status).toBe(401);
  });

  it("drops a client's x-user-id: the token decides, and without one nobody is named", async () => {
    const as = await gateway().request("/api/cart", { headers: { ...(await bearer("u1")), "x-user-id": "u2" } });
    expect(((await as.json()) as { userId: string }).userId).toBe("u1");
    const anonymous = await gateway().request("/api/books", { headers: { "x-user-id": "u2" } });
    expect(((await anonymous.json()) as { userId: string | null }).userId).toBeNull();
    expect((await gateway().request("/api/cart", { headers: { "x-user-id": "u2" } })).status).toBe(401);
  });
});

describe("gateway and staff routes", () => {
  const staffRoutes = [
    ["PUT", "/api/admin/stock/9780000000002"],
    ["GET", "/api/admin/orders/o-1"],
  ] as const;

  it.each([
    ["no token", async () => ({}), 401],
    ["a token from before roles", () => bearer("u1"), 403],
    ["a shopper's token", () => bearer("u1", "shopper"), 403],
    ["a token with a role nobody has", () => bearer("u1", "superuser"), 403],
    ["a shopper's token and a client-sent x-user-role: admin", async () => ({ ...(await bearer("u1", "shopper")), "x-user-role": "admin" }), 403],
  ])("refuses %s with %i problem+json before anything is sent on", async (_case, headers, status) => {
    for (const [method, path] of staffRoutes) {
      const res = await gateway({}).request(path, { method, headers: { ...(await headers()), "content-type": "application/json" }, ...(method === "PUT" ? { body: '{"onHand":1}' } : {}) });
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(((await res.json()) as { type: string }).type).toBe(status === 401 ? "urn:quire:problem:unauthorized" : "urn:quire:problem:forbidden");
    }
  });

  it("lets an admin restock: inventory gets the user and the role", async () => {
    const res = await gateway().request("/api/admin/stock/9780000000002", { method: "PUT", headers: { ...(await bearer("staff-1", "admin")), "content-type": "application/json" }, body: '{"onHand":7}' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ service: "inventory", method: "PUT", userId: "staff-1", role: "admin", body: '{"onHand":7}' });
  });

  it("never forwards a client's x-user-role: the token's role goes on, or none without a token", async () => {
    const shopper = await gateway().request("/api/cart", { headers: { ...(await bearer("u1", "shopper")), "x-user-role": "admin" } });
    expect(await shopper.json()).toMatchObject({ userId: "u1", role: "shopper" });
    const old = await gateway().request("/api/cart", { headers: { ...(await bearer("u1")), "x-user-role": "admin" } });
    expect(await old.json()).toMatchObject({ userId: "u1", role: "shopper" });
    const anonymous = await gateway().request("/api/books", { headers: { "x-user-role": "admin" } });
    expect(await anonymous.json()).toMatchObject({ userId: null, role: null });
  });
});

describe("gateway limits and CORS", () => {
  it("answers 429 with Retry-After once a client is over its limit, per user", async () => {
    const app = gateway(allApps(), 3);
    const alice = await bearer("alice");
    for (let i = 0; i < 3; i++) expect((await app.request("/api/cart", { headers: alice })).status).toBe(201);
    const limited = await app.request("/api/cart", { headers: alice });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await app.request("/api/cart", { headers: await bearer("bob") })).status).toBe(201);
  });

  it("counts a request before checking its token: one over the limit never reaches the verifier", async () => {
    let verified = 0;
    const counting: TokenVerifier = { verify: (token) => (verified++, verifier.verify(token)) };
    const app = gateway(allApps(), 2, counting);
    const alice = await bearer("alice");
    for (let i = 0; i < 2; i++) expect((await app.request("/api/cart", { headers: alice })).status).toBe(201);
    expect(verified).toBe(2);
    for (let i = 0; i < 5; i++) expect((await app.request("/api/cart", { headers: alice })).status).toBe(429);
    expect(verified).toBe(2);
  });

  it("counts a caller without a token by address", async () => {
    const app = gateway(allApps(), 2);
    expect((await app.request("/api/books")).status).toBe(201);
    expect((await app.request("/api/books")).status).toBe(201);
    expect((await app.request("/api/books")).status).toBe(429);
  });

  it("allows the storefront's origin and no other", async () => {
    const preflight = (origin: string) =>
      gateway().request("/api/cart", { method: "OPTIONS", headers: { origin, "access-control-request-method": "PUT", "access-control-request-headers": "authorization,content-type" } });
    const ok = await preflight("http://shop.example");
    expect(ok.headers.get("access-control-allow-origin")).toBe("http://shop.example");
    expect(ok.headers.get("access-control-allow-headers")).toContain("authorization");
    expect((await preflight("http://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("gateway and odd paths", () => {
  it.each(["/api/books/%00", "/api/books/%zz", "/api/cart/items/a%0Ab", "/api/books/ab%3Fc", "/api/books/ab%23c", "/api/books/a%20b"])("refuses %s with 400 problem+json before it reaches a sidecar", async (path) => {
    const res = await gateway().request(path, { headers: await bearer("u1") });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("forwards HEAD as GET", async () => {
    const res = await gateway().request("/api/books", { method: "HEAD" });
    expect(res.status).toBe(201);
  });
});

describe("gateway and the access lists", () => {
  it("answers 404 problem+json where the owner's sidecar refuses the operation (403 from daprd)", async () => {
    const denied = { request: () => Response.json({ errorCode: "ERR_DIRECT_INVOKE", message: "access control policy has denied access" }, { status: 403 }) };
    const res = await gateway({ ...allApps(), orders: denied as never }).request("/api/orders/o-1", { headers: await bearer("u1") });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(((await res.json()) as { detail: string }).detail).toBe("No route for GET /api/orders/o-1");
  });

  it.each([["PUT", "/api/books/9780000000002"], ["DELETE", "/api/orders/o-1"], ["PATCH", "/api/cart"], ["GET", "/api/checkout"]])(
    "answers %s %s, which the API does not have, with 404 before anything is sent on",
    async (method, path) => {
      const res = await gateway({}).request(path, { method, headers: await bearer("u1") });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { detail: string }).detail).toBe(`No route for ${method} ${path}`);
    },
  );
});

describe("gateway /healthz", () => {
  it("answers 200 while every backend is healthy, and names none of them", async () => {
    const res = await gateway().request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", service: "gateway" });
  });

  it("answers 503 when one is down, without saying which", async () => {
    const { cart: _down, ...others } = allApps();
    const res = await gateway(others).request("/healthz");
    expect(res.status).toBe(503);
    expect(await res.text()).not.toContain("cart");
  });

  // Counts the backends' health checks; `hold` keeps a round's answers back until released.
  function countingInvoker(apps = allApps()) {
    const inner = new InProcessInvoker(apps);
    let checks = 0;
    let gate: Promise<void> | undefined;
    let release = () => {};
    const invoker = {
      async forward(appId: string, request: Forward) {
        if (request.target === "/healthz") {
          checks++;
          await gate;
        }
        return inner.forward(appId, request);
      },
    };
    const hold = () => void (gate = new Promise((r) => (release = r)));
    return { invoker, checks: () => checks, hold, release: () => release() };
  }

  it("answers 50 concurrent requests from one round of checks, and starts the next only after a second", async () => {
    let now = 1_000_000;
    const counting = countingInvoker();
    const app = gateway(allApps(), 1000, verifier, { invoker: counting.invoker, clock: () => now });
    const statuses = await Promise.all(Array.from({ length: 50 }, async () => (await app.request("/healthz")).status));
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(counting.checks()).toBe(backends.length);
    now += 999;
    expect((await app.request("/healthz")).status).toBe(200);
    expect(counting.checks()).toBe(backends.length);
    now += 1;
    expect((await app.request("/healthz")).status).toBe(200);
    expect(counting.checks()).toBe(2 * backends.length);
  });

  it("never starts a second round while one is under way, however long it takes", async () => {
    let now = 1_000_000;
    const counting = countingInvoker();
    const app = gateway(allApps(), 1000, verifier, { invoker: counting.invoker, clock: () => now });
    counting.hold();
    const first = app.request("/healthz");
    await new Promise((r) => setTimeout(r, 10));
    expect(counting.checks()).toBe(backends.length);
    now += 5_000;
    const second = app.request("/healthz");
    await new Promise((r) => setTimeout(r, 10));
    counting.release();
    expect([(await first).status, (await second).status]).toEqual([200, 200]);
    expect(counting.checks()).toBe(backends.length);
  });
});

describe("gateway and the storefront's pages", () => {
  // A stand-in storefront: shows what it was sent and sets a session cookie.
  function storefront() {
    const app = createServiceApp({ service: "storefront", logger });
    app.on(["GET", "POST"], "*", async (c) =>
      c.html(`<p>${c.req.method} ${c.req.path} cookie=${c.req.header("cookie") ?? "-"} user=${c.req.header("x-user-id") ?? "-"} auth=${c.req.header("authorization") ?? "-"}</p>`, 200, {
        "set-cookie": "quire_session=s1; HttpOnly; SameSite=Lax; Path=/",
        "content-security-policy": "default-src 'self'",
        "x-internal": "secret",
      }),
    );
    return app;
  }
  const withStorefront = () => gateway({ ...allApps(), storefront: storefront() });

  it("sends every path outside /api to the storefront with the cookie, and its cookie back", async () => {
    const res = await withStorefront().request("/books/9780000000002?x=1", { headers: { cookie: "quire_session=s0", accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("GET /books/9780000000002 cookie=quire_session=s0 user=- auth=-");
    expect(res.headers.get("set-cookie")).toBe("quire_session=s1; HttpOnly; SameSite=Lax; Path=/");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'self'");
    expect(res.headers.get("x-internal")).toBeNull();
  });

  it("never passes a client's x-user-id or Authorization to a page", async () => {
    const res = await withStorefront().request("/cart", { headers: { "x-user-id": "victim", ...(await bearer("u1")) } });
    expect(await res.text()).toContain("user=- auth=-");
  });

  it.each([
    ["another site's Origin", { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" }],
    ["a cross-site fetch", { "sec-fetch-site": "cross-site", "content-type": "application/x-www-form-urlencoded" }],
  ])("refuses a form posted from %s with 403", async (_, headers) => {
    const res = await withStorefront().request("http://127.0.0.1:8080/cart/add", { method: "POST", headers, body: "isbn=1&quantity=1" });
    expect(res.status).toBe(403);
  });

  it("lets a form from its own origin through", async () => {
    const res = await withStorefront().request("http://127.0.0.1:8080/cart/add", {
      method: "POST",
      headers: { origin: "http://127.0.0.1:8080", "content-type": "application/x-www-form-urlencoded" },
      body: "isbn=1&quantity=1",
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("POST /cart/add");
  });

  it.each([["PUT"], ["DELETE"]])("answers %s on a page with 404", async (method) => {
    expect((await withStorefront().request("/cart", { method })).status).toBe(404);
  });
});
