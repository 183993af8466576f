import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { admin, api, cluster, expectProblem, newShopper } from "../harness/client.ts";
import { adminOrder, buy, setStock, waitForOrder } from "../harness/shop.ts";
import { repoRoot } from "../../scripts/topology.ts";

type Book = { isbn: string };
const book = async (): Promise<Book> => ((await (await api("/api/books?page=4&pageSize=5")).json()) as { items: Book[] }).items[0]!;

// A token the way the users service makes one, with its real key or another.
function token(sub: string, { key = usersKey(), exp = Math.floor(Date.now() / 1000) + 600 } = {}) {
  return new SignJWT({}).setProtectedHeader({ alg: "EdDSA" }).setSubject(sub).setIssuer("quire-users").setAudience("quire").setIssuedAt().setExpirationTime(exp).sign(key);
}
const usersKey = () => createPrivateKey((JSON.parse(readFileSync(join(repoRoot, ".run/dev-secrets.json"), "utf8")) as Record<string, string>)["users-jwt-signing-key"]!);
const withToken = (t: string) => ({ headers: { authorization: `Bearer ${t}` } });

describe("tokens", () => {
  it.each(["/api/cart", "/api/orders", "/api/notifications", "/api/me"])("GET %s without a token → 401", async (path) => {
    await expectProblem(await api(path), 401);
  });

  it("an expired token signed with the real key → 401", async () => {
    const shopper = await newShopper();
    await expectProblem(await api("/api/me", withToken(await token(shopper.id, { exp: Math.floor(Date.now() / 1000) - 5 }))), 401);
  });

  it("a forged token (someone else's key) → 401", async () => {
    const shopper = await newShopper();
    await expectProblem(await api("/api/me", withToken(await token(shopper.id, { key: generateKeyPairSync("ed25519").privateKey }))), 401);
  });

  it("a valid token names the user it was issued to", async () => {
    const shopper = await newShopper();
    const me = await api("/api/me", { shopper });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: shopper.id, email: shopper.email });
  });
});

describe("one shopper cannot see another's data", () => {
  it("A asking for B's order, cart or notifications gets 404 or only A's own", async () => {
    const { isbn } = await book();
    await setStock(isbn, 5);
    const { shopper: b, orderId } = await buy(isbn);
    const a = await newShopper();
    await expectProblem(await api(`/api/orders/${orderId}`, { shopper: a }), 404);
    expect(await (await api("/api/orders", { shopper: a })).json()).toEqual({ items: [] });
    expect(await (await api("/api/notifications", { shopper: a })).json()).toEqual({ items: [] });
    expect(((await (await api("/api/orders", { shopper: b })).json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it("a client-sent x-user-id changes nothing", async () => {
    const { isbn } = await book();
    const [a, b] = [await newShopper(), await newShopper()];
    expect((await api(`/api/cart/items/${isbn}`, { method: "PUT", shopper: b, json: { quantity: 2 } })).status).toBe(200);
    const asA = await api("/api/cart", { shopper: a, headers: { "x-user-id": b.id } });
    expect(await asA.json()).toEqual({ items: [], totalCents: 0 });
    await expectProblem(await api("/api/cart", { headers: { "x-user-id": b.id } }), 401);
    expect(((await (await api("/api/cart", { shopper: b })).json()) as { items: unknown[] }).items).toHaveLength(1);
  });
});

describe("the locked doors", () => {
  it.each(["catalog", "cart", "users", "payments", "storefront", "recommendations"])("%s's app port refuses a caller without the app token", async (appId) => {
    const { appPort } = cluster().apps[appId]!;
    await expectProblem(await fetch(`http://127.0.0.1:${appPort}/api/books`), 401);
    await expectProblem(await fetch(`http://127.0.0.1:${appPort}/api/cart`, { headers: { "dapr-api-token": "wrong", "x-user-id": "u1" } }), 401);
    // Health stays open for the sidecar's probes.
    expect((await fetch(`http://127.0.0.1:${appPort}/healthz`)).status).toBe(200);
  });

  it("a sidecar refuses a caller without the Dapr API token", async () => {
    const { daprHttpPort, daprToken } = cluster().apps.catalog!;
    expect((await fetch(`http://127.0.0.1:${daprHttpPort}/v1.0/invoke/catalog/method/api/books`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${daprHttpPort}/v1.0/state/catalogstore/x`)).status).toBe(401);
    const allowed = await fetch(`http://127.0.0.1:${daprHttpPort}/v1.0/invoke/catalog/method/api/books`, { headers: { "dapr-api-token": daprToken } });
    expect(allowed.status).toBe(200);
  });

  // A sidecar's own app asks it to invoke another app; the callee's sidecar checks the caller's
  // mTLS identity against its accessControl list (dapr/config/<callee>.yaml).
  const through = (caller: string, callee: string, method: string, path: string, body?: object) =>
    fetch(`http://127.0.0.1:${cluster().apps[caller]!.daprHttpPort}/v1.0/invoke/${callee}/method/${path}`, {
      method,
      headers: { "dapr-api-token": cluster().apps[caller]!.daprToken, "content-type": "application/json" },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  // All at once (tests/vitest.config.ts, maxConcurrency): a refused invocation is an error to the
  // caller's sidecar, which Dapr 1.18 retries whatever the retry policy's matching says (it matches
  // answers, not errors), about 3.5 s each.
  it.concurrent.for([
    ["gateway", "payments", "POST", "charges", { orderId: "o-acl", amountCents: 100, card: { number: "4242424242424242" } }],
    ["gateway", "payments", "GET", "charges/o-acl", undefined],
    ["gateway", "inventory", "POST", "reservations", { orderId: "o-acl", items: [] }],
    // Reservations, charges and shipments are read by orders alone (for the staff order view).
    ["gateway", "inventory", "GET", "reservations/o-acl", undefined],
    ["gateway", "shipping", "GET", "shipments/o-acl", undefined],
    ["storefront", "inventory", "GET", "reservations/o-acl", undefined],
    ["storefront", "payments", "GET", "charges/o-acl", undefined],
    ["notifications", "shipping", "GET", "shipments/o-acl", undefined],
    // Staff routes: only through the gateway or the storefront's staff page.
    ["cart", "inventory", "PUT", "api/admin/stock/9781000000016", { onHand: 1000 }],
    ["orders", "inventory", "PUT", "api/admin/stock/9781000000016", { onHand: 1000 }],
    ["notifications", "orders", "GET", "api/admin/orders/o-acl", undefined],
    ["cart", "payments", "POST", "charges", { orderId: "o-acl", amountCents: 100, card: { number: "4242424242424242" } }],
    ["notifications", "orders", "GET", "api/orders", undefined],
    ["shipping", "users", "GET", "jwks", undefined],
    ["storefront", "payments", "POST", "charges", { orderId: "o-acl", amountCents: 100, card: { number: "4242424242424242" } }],
    ["storefront", "inventory", "POST", "reservations", { orderId: "o-acl", items: [] }],
    ["catalog", "storefront", "GET", "cart", undefined],
    // Nobody invokes the ops console; a dead letter reaches it only from its own sidecar.
    ["gateway", "console", "GET", "dead-letters.json", undefined],
    ["orders", "console", "POST", "events/orders-deadletter", { id: "e1", type: "order.paid", data: {} }],
    // Recommendations reads books and nothing else; only the gateway and the storefront ask it,
    // and nobody but its own sidecar delivers it events.
    ["recommendations", "orders", "GET", "api/orders", undefined],
    ["recommendations", "inventory", "GET", "api/inventory/9781000000016", undefined],
    ["cart", "recommendations", "GET", "api/recommendations/9781000000016", undefined],
    ["orders", "recommendations", "POST", "events/orders", { id: "e1", type: "order.paid", data: {} }],
    ["storefront", "recommendations", "POST", "events/orders", { id: "e1", type: "order.paid", data: {} }],
  ] as const)("%s may not call %s %s /%s → 403", async ([caller, callee, method, path, body], { expect }) => {
    const res = await through(caller, callee, method, path, body);
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/access control policy has denied access to id: spiffe:\/\/public\/ns\/default\/\w+/);
  });

  it("the allowed paths stay open: orders reads a cart, the gateway reads the catalog and the pages", async () => {
    expect((await through("orders", "cart", "GET", "api/cart", undefined)).status).toBe(401); // reached cart: no x-user-id
    expect((await through("gateway", "catalog", "GET", "api/books?pageSize=1", undefined)).status).toBe(200);
    expect((await through("gateway", "storefront", "GET", "books/9780000000000", undefined)).status).toBe(404); // reached the storefront: no such book
    expect((await through("storefront", "catalog", "GET", "api/books?pageSize=1", undefined)).status).toBe(200);
    expect((await through("storefront", "recommendations", "GET", "api/recommendations/9781000000016", undefined)).status).toBe(200);
    expect((await through("recommendations", "catalog", "GET", "api/books/9781000000016", undefined)).status).toBe(200);
    // Reached the owner, which holds nothing for that order: its own 404.
    for (const [callee, path] of [["inventory", "reservations/o-acl"], ["payments", "charges/o-acl"], ["shipping", "shipments/o-acl"]] as const) {
      expect((await through("orders", callee, "GET", path, undefined)).status, callee).toBe(404);
    }
    // Reached the owner, which wants to know who is asking (no x-user-id): its own 401.
    expect((await through("storefront", "inventory", "PUT", "api/admin/stock/9781000000016", { onHand: 1 })).status).toBe(401);
    expect((await through("storefront", "orders", "GET", "api/admin/orders/o-acl", undefined)).status).toBe(401);
  });

  const sidecar = (appId: string, path: string) => fetch(`http://127.0.0.1:${cluster().apps[appId]!.daprHttpPort}/v1.0/${path}`, { headers: { "dapr-api-token": cluster().apps[appId]!.daprToken } });

  it("each app reads only its own secrets", async () => {
    expect((await sidecar("payments", "secrets/secretstore/payments-provider-api-key")).status).toBe(200);
    expect((await sidecar("users", "secrets/secretstore/users-jwt-signing-key")).status).toBe(200);
    expect((await sidecar("users", "secrets/secretstore/users-admin-password")).status).toBe(200);
    expect((await sidecar("payments", "secrets/secretstore/users-admin-password")).status).toBe(403);
    expect((await sidecar("payments", "secrets/secretstore/users-jwt-signing-key")).status).toBe(403);
    expect((await sidecar("users", "secrets/secretstore/payments-provider-api-key")).status).toBe(403);
    // Apps without secrets do not even load the store.
    const catalog = await sidecar("catalog", "secrets/secretstore/users-jwt-signing-key");
    expect(catalog.status).toBeGreaterThanOrEqual(400);
    expect(await catalog.text()).toMatch(/ERR_SECRET_STORES_NOT_CONFIGURED/);
  });

  it("each state store is reachable only by its owner", async () => {
    expect((await sidecar("cart", "state/cartstore/anything")).status).toBe(204);
    expect((await sidecar("recommendations", "state/recommendationstore/anything")).status).toBe(204);
    for (const [appId, store] of [["catalog", "cartstore"], ["gateway", "userstore"], ["cart", "paymentstore"], ["notifications", "orderstore"], ["recommendations", "orderstore"], ["orders", "recommendationstore"]] as const) {
      // Not loaded: "not found" where the app has other stores, "none configured" where it has none.
      const res = await sidecar(appId, `state/${store}/anything`);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await res.text()).toMatch(/ERR_STATE_STORE_NOT_(FOUND|CONFIGURED)/);
    }
  });
});

// Each app holds its own pair of tokens and nothing else. These tests play a compromised app: they
// use exactly what that app holds (its DAPR_API_TOKEN, on its own sidecar) and try the doors.
describe("a compromised app stays in its room", () => {
  const apps = () => Object.entries(cluster().apps);
  const asApp = (appId: string, path: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${cluster().apps[appId]!.daprHttpPort}/v1.0/${path}`, { ...init, headers: { "dapr-api-token": cluster().apps[appId]!.daprToken, ...init.headers } });
  const publish = (appId: string, topic: string) =>
    asApp(appId, `publish/pubsub/${topic}`, {
      method: "POST",
      headers: { "content-type": "application/cloudevents+json" },
      // A type no subscriber handles: were it let through, it would be acknowledged and ignored.
      body: JSON.stringify({ specversion: "1.0", id: `probe-${appId}-${topic}-${Date.now()}`, source: "tests", type: "quire.probe", data: {} }),
    });

  it("one app's sidecar token is refused by every other app's sidecar", async () => {
    for (const [holder, { daprToken }] of apps()) {
      for (const [other, { daprHttpPort }] of apps()) {
        if (other === holder) continue;
        const res = await fetch(`http://127.0.0.1:${daprHttpPort}/v1.0/metadata`, { headers: { "dapr-api-token": daprToken } });
        expect(res.status, `${holder}'s token on ${other}'s sidecar`).toBe(401);
      }
      expect((await asApp(holder, "metadata")).status, `${holder}'s own`).toBe(200);
    }
  });

  it("one app's app token is refused by every other app", async () => {
    for (const [holder, { appToken }] of apps()) {
      for (const [other, { appPort }] of apps()) {
        if (other === holder || !appPort) continue;
        // The console's pages are open (for people on this machine); its sidecar's door is /events.
        const res = await fetch(`http://127.0.0.1:${appPort}/${other === "console" ? "events/orders-deadletter" : "nothing-here"}`, {
          method: other === "console" ? "POST" : "GET",
          headers: { "dapr-api-token": appToken },
        });
        expect(res.status, `${holder}'s app token at ${other}`).toBe(401);
      }
    }
  });

  it.each([
    // [app, topic, allowed]: the one publisher of each topic may; nobody else may publish anything.
    ["orders", "orders", true],
    ["shipping", "shipments", true],
    ["cart", "orders", false],
    ["cart", "shipments", false],
    ["notifications", "orders", false],
    ["notifications", "shipments", false],
    ["recommendations", "orders", false],
    ["recommendations", "shipments", false],
    ["shipping", "orders", false],
    ["orders", "shipments", false],
    ["console", "orders", false],
    ["console", "orders-deadletter", false],
    ["console", "shipments-deadletter", false],
    ["orders", "orders-deadletter", false],
    ["cart", "shipments-deadletter", false],
    ["orders", "a-topic-nobody-declared", false],
  ] as const)("%s publishing to %s: allowed %s", async (appId, topic, allowed) => {
    const res = await publish(appId, topic);
    if (allowed) expect(res.status).toBe(204);
    else {
      expect(res.status).toBe(403);
      expect(await res.text()).toMatch(/ERR_PUBSUB_FORBIDDEN/);
    }
  });

  // Its sidecar loads one store, its own rate-limit counts: no other app's.
  it("the gateway's token reads no secret and no other app's state, and publishes nothing", async () => {
    for (const [path, code] of [
      ["secrets/secretstore/users-jwt-signing-key", /ERR_SECRET_STORES_NOT_CONFIGURED/],
      ["state/userstore/anything", /ERR_STATE_STORE_NOT_FOUND/],
      ["state/orderstore/anything", /ERR_STATE_STORE_NOT_FOUND/],
    ] as const) {
      const res = await asApp("gateway", path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(await res.text(), path).toMatch(code);
    }
    const res = await publish("gateway", "orders");
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await res.text()).toMatch(/ERR_PUBSUB_NOT_FOUND/);
  });

  it("notifications' token cannot invoke payments", async () => {
    const res = await asApp("notifications", "invoke/payments/method/charges/o-acl");
    expect(res.status).toBe(403);
  });
});

describe("staff routes", () => {
  const restock = async () => ({ isbn: ((await (await api("/api/books?page=4&pageSize=5")).json()) as { items: Book[] }).items[1]!.isbn });

  it("answer 401 without a token and 403 to a shopper, also one who says x-user-role: admin", async () => {
    const { isbn } = await restock();
    const shopper = await newShopper();
    for (const [method, path, json] of [["PUT", `/api/admin/stock/${isbn}`, { onHand: 1000 }], ["GET", "/api/admin/orders/o-1", undefined]] as const) {
      await expectProblem(await api(path, { method, ...(json ? { json } : {}) }), 401);
      await expectProblem(await api(path, { method, shopper, ...(json ? { json } : {}) }), 403);
      await expectProblem(await api(path, { method, shopper, headers: { "x-user-role": "admin" }, ...(json ? { json } : {}) }), 403);
    }
    expect(((await (await api(`/api/inventory/${isbn}`)).json()) as { available: number }).available).not.toBe(1000);
  });

  it("a sign-up that asks to be an admin is a shopper", async () => {
    const email = `mallory-${Date.now()}@example.com`;
    expect((await api("/api/users", { method: "POST", json: { email, password: "mallory's password", name: "Mallory", role: "admin" } })).status).toBe(201);
    const { token } = (await (await api("/api/sessions", { method: "POST", json: { email, password: "mallory's password" } })).json()) as { token: string };
    await expectProblem(await api("/api/admin/orders/o-1", withToken(token)), 403);
  });

  it("a token forged with the admin role and another key is refused", async () => {
    const forged = await new SignJWT({ role: "admin" }).setProtectedHeader({ alg: "EdDSA" }).setSubject("x").setIssuer("quire-users").setAudience("quire").setExpirationTime("5m").sign(generateKeyPairSync("ed25519").privateKey);
    await expectProblem(await api("/api/admin/orders/o-1", withToken(forged)), 401);
  });

  it("let the admin restock and see any shopper's order with what each service holds", async () => {
    const { isbn } = await restock();
    const staff = await admin();
    const res = await api(`/api/admin/stock/${isbn}`, { method: "PUT", shopper: staff, json: { onHand: 7 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ isbn, onHand: 7, available: 7 });
    const { shopper, orderId } = await buy(isbn);
    // Once its saga is through: each service's record of it.
    await waitForOrder(shopper, orderId, ["shipped"]);
    const view = await adminOrder(orderId);
    expect(view.order).toMatchObject({ id: orderId, userId: shopper.id, status: "shipped" });
    expect(view.reservation).toMatchObject({ orderId, status: "committed" });
    expect(view.charge).toMatchObject({ orderId, status: "succeeded" });
    expect(view.shipment).toMatchObject({ orderId, userId: shopper.id });
    await expectProblem(await api(`/api/admin/orders/${orderId}`, { shopper }), 403);
    await expectProblem(await api("/api/admin/orders/no-such-order", { shopper: staff }), 404);
  });
});
