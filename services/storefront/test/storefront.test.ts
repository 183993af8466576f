import { generateKeyPairSync } from "node:crypto";
import { InProcessInvoker, JwtVerifier } from "@quire/kit";
import { Hono } from "hono";
import { createLocalJWKSet, exportJWK, SignJWT } from "jose";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.tsx";
import { ShopClient } from "../src/adapters/shop-client.ts";
import { explain, OrderPage } from "../src/pages/orders.tsx";

const logger = pino({ level: "silent" });
const keys = generateKeyPairSync("ed25519");
const jwk = { ...(await exportJWK(keys.publicKey)), kid: "k1", alg: "EdDSA" };
const verifier = new JwtVerifier(createLocalJWKSet({ keys: [jwk] }), { issuer: "quire-users", audience: "quire" });
const token = (sub: string, expiresIn: string | number = "1h", role?: string) =>
  new SignJWT(role ? { role } : {}).setProtectedHeader({ alg: "EdDSA", kid: "k1" }).setSubject(sub).setIssuer("quire-users").setAudience("quire").setIssuedAt().setExpirationTime(expiresIn).sign(keys.privateKey);

const book = { isbn: "9780141439518", title: "Pride and Prejudice", author: "Jane Austen", year: 1813, priceCents: 899, tags: ["classic"] };
const emma = { isbn: "9780141439587", title: "Emma", author: "Jane Austen", year: 1815, priceCents: 799, tags: ["classic"] };

// How the recommendations stand-in answers: as it should, with a 500, with something that is not
// its contract, or not at all (no such app: the invoker answers as daprd does, 500).
type RecommendationsMode = "ok" | "failing" | "garbage" | "absent";

// Stand-ins for the services, speaking the public API's shapes; `catalogDown` makes catalog fail.
function services({ catalogDown = false, recommendations: mode = "ok" as RecommendationsMode } = {}) {
  const carts = new Map<string, { isbn: string; title: string; quantity: number; priceCents: number }[]>();
  const cartOf = (user: string) => ({ items: carts.get(user) ?? [], totalCents: (carts.get(user) ?? []).reduce((s, l) => s + l.quantity * l.priceCents, 0) });
  const catalog = new Hono()
    .get("/api/books", (c) => (catalogDown ? c.json({ detail: "boom" }, 500) : c.json({ items: [book], page: 1, pageSize: 12, total: 1 })))
    .get("/api/books/:isbn", (c) => {
      const found = [book, emma].find((b) => b.isbn === c.req.param("isbn"));
      return found ? c.json(found) : c.json({ detail: "no such book" }, 404);
    });
  // Staff calls are recorded with who made them (the services check the role themselves).
  const staffCalls: { path: string; userId?: string | undefined; role?: string | undefined; body?: unknown }[] = [];
  const inventory = new Hono()
    .get("/api/inventory/:isbn", (c) => c.json({ isbn: c.req.param("isbn"), available: 3 }))
    .put("/api/admin/stock/:isbn", async (c) => {
      const body = await c.req.json<{ onHand: number }>();
      staffCalls.push({ path: c.req.path, userId: c.req.header("x-user-id"), role: c.req.header("x-user-role"), body });
      if (body.onHand < 2) return c.json({ detail: "2 copies are reserved: on hand cannot drop to 1." }, 409);
      return c.json({ isbn: c.req.param("isbn"), onHand: body.onHand, available: body.onHand - 2 });
    });
  const cart = new Hono()
    .get("/api/cart", (c) => c.json(cartOf(c.req.header("x-user-id")!)))
    .put("/api/cart/items/:isbn", async (c) => {
      const { quantity } = await c.req.json<{ quantity: number }>();
      const user = c.req.header("x-user-id")!;
      carts.set(user, quantity === 0 ? [] : [{ isbn: book.isbn, title: book.title, quantity, priceCents: book.priceCents }]);
      return c.json(cartOf(user));
    });
  const checkouts: { key: string | undefined; body: unknown }[] = [];
  const orders = new Hono()
    .post("/api/checkout", async (c) => {
      checkouts.push({ key: c.req.header("idempotency-key"), body: await c.req.json() });
      return c.json({ orderId: `order-for-${c.req.header("idempotency-key")}` }, 202);
    })
    .get("/api/admin/orders/:id", (c) => {
      staffCalls.push({ path: c.req.path, userId: c.req.header("x-user-id"), role: c.req.header("x-user-role") });
      return c.req.param("id") === staffView.order.id ? c.json(staffView) : c.json({ detail: "No such order." }, 404);
    });
  const users = new Hono()
    .get("/api/me", (c) => c.json({ id: "u1", email: "a@example.com", name: "A" }))
    .put("/api/me/address", async (c) => c.json({ id: "u1", email: "a@example.com", name: "A", address: await c.req.json() }))
    .post("/api/sessions", async (c) => {
    const { password } = await c.req.json<{ password: string }>();
    const expiresAt = new Date(Date.now() + 3600_000).toISOString();
    if (password === "staff") return c.json({ token: await token("staff-1", "1h", "admin"), expiresAt });
    return password === "right" ? c.json({ token: await token("u1", "1h", "shopper"), expiresAt }) : c.json({ detail: "no" }, 401);
  });
  const recommendations = new Hono().get("/api/recommendations/:isbn", (c) =>
    mode === "failing" ? c.json({ detail: "boom" }, 500) : mode === "garbage" ? c.json({ items: [{ title: "no isbn" }] }) : c.json({ items: c.req.param("isbn") === book.isbn ? [emma] : [] }),
  );
  const apps = { catalog, inventory, cart, users, orders, ...(mode === "absent" ? {} : { recommendations }) };
  return { apps, carts, checkouts, staffCalls };
}

const at = "2024-05-01T10:00:00.000Z";
const staffView = {
  order: { id: "o-77", userId: "shopper-9", status: "shipped", items: [{ isbn: book.isbn, title: book.title, quantity: 2, priceCents: 899 }], totalCents: 1798, createdAt: at, updatedAt: at },
  reservation: { orderId: "o-77", items: [{ isbn: book.isbn, quantity: 2 }], status: "committed", at: 1 },
  charge: { orderId: "o-77", amountCents: 1798, last4: "4242", status: "succeeded", chargeId: "ch-1", attempts: 1, createdAt: at, updatedAt: at },
  shipment: { shipmentId: "ship-123", orderId: "o-77", userId: "shopper-9", status: "shipped", createdAt: at },
};

function storefront(opts: { catalogDown?: boolean; recommendations?: RecommendationsMode } = {}) {
  const { apps, carts, checkouts, staffCalls } = services(opts);
  const app = createApp({ shop: new ShopClient(new InProcessInvoker(apps)), verifier, logger, secureCookies: false });
  return { app, carts, checkouts, staffCalls };
}

// A browser's cookie jar of one: sends the session cookie back, keeps the newest one.
function browser(app: ReturnType<typeof createApp>) {
  let cookie = "";
  const send = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("accept", "text/html");
    if (cookie) headers.set("cookie", cookie);
    const res = await app.request(path, { ...init, headers });
    const set = res.headers.get("set-cookie");
    if (set) cookie = set.split(";")[0]!;
    return res;
  };
  const csrf = () => decodeURIComponent(cookie.split("=")[1] ?? "").split(".")[0]!;
  const post = (path: string, fields: Record<string, string>) =>
    send(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
  return { send, post, csrf, setCookie: (value: string) => void (cookie = value) };
}

describe("storefront pages", () => {
  it("shows the catalog and a book with its stock, and gives a new browser a session cookie", async () => {
    const b = browser(storefront().app);
    const home = await b.send("/");
    expect(home.status).toBe(200);
    expect(home.headers.get("set-cookie")).toMatch(/^quire_session=[\w-]{43}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(home.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(await home.text()).toContain("Pride and Prejudice");
    const page = await (await b.send(`/books/${book.isbn}`)).text();
    expect(page).toContain("In stock: 3");
  });

  it("shows what readers also bought on a book's page", async () => {
    const page = await (await browser(storefront().app).send(`/books/${book.isbn}`)).text();
    expect(page).toContain("Readers also bought");
    expect(page).toContain(`href="/books/${emma.isbn}"`);
    expect(page).toContain("Emma");
  });

  it.each(["failing", "garbage", "absent"] as const)("still shows a book, without the section, when recommendations is %s", async (mode) => {
    const res = await browser(storefront({ recommendations: mode }).app).send(`/books/${book.isbn}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("<h1>Pride and Prejudice</h1>");
    expect(page).toContain("In stock: 3");
    expect(page).not.toContain("Readers also bought");
  });

  it("leaves the section out when there is nothing to recommend", async () => {
    const page = await (await browser(storefront().app).send(`/books/${emma.isbn}`)).text();
    expect(page).toContain("<h1>Emma</h1>");
    expect(page).not.toContain("Readers also bought");
  });

  it("sends a signed-out shopper to sign in, and back to where they were after", async () => {
    const b = browser(storefront().app);
    const cart = await b.send("/cart");
    expect(cart.status).toBe(303);
    expect(cart.headers.get("location")).toBe("/login?next=%2Fcart&reason=required");
    const signedIn = await b.post("/login", { _csrf: b.csrf(), email: "a@example.com", password: "right", next: "/cart" });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("location")).toBe("/cart");
    expect(await (await b.send("/cart")).text()).toContain("Your cart is empty");
  });

  it("adds a book to the cart of the signed-in shopper", async () => {
    const { app, carts } = storefront();
    const b = browser(app);
    await b.send("/");
    await b.post("/login", { _csrf: b.csrf(), email: "a@example.com", password: "right", next: "/" });
    const added = await b.post("/cart/add", { _csrf: b.csrf(), isbn: book.isbn, quantity: "2" });
    expect(added.headers.get("location")).toBe(`/books/${book.isbn}?added=1`);
    expect(carts.get("u1")).toEqual([expect.objectContaining({ isbn: book.isbn, quantity: 2 })]);
  });

  it("sends one checkout form twice as one order (the form's attempt is the Idempotency-Key)", async () => {
    const { app, checkouts } = storefront();
    const b = browser(app);
    await b.send("/");
    await b.post("/login", { _csrf: b.csrf(), email: "a@example.com", password: "right", next: "/" });
    await b.post("/cart/add", { _csrf: b.csrf(), isbn: book.isbn, quantity: "1" });
    const page = await (await b.send("/checkout")).text();
    const attempt = /name="attempt" value="([0-9a-f-]{36})"/.exec(page)![1]!;
    const form = { _csrf: b.csrf(), attempt, name: "Ada", line1: "1 St", city: "London", postalCode: "SW1", country: "gb", card: "4242 4242 4242 4242" };
    const first = await b.post("/checkout", form);
    const again = await b.post("/checkout", form);
    expect(first.headers.get("location")).toBe(`/orders/order-for-${attempt}`);
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect(checkouts.map((c) => c.key)).toEqual([attempt, attempt]);
    expect(checkouts[0]!.body).toMatchObject({ card: { number: "4242424242424242" }, address: { country: "GB" } });
  });

  it.each([
    ["no token", {}],
    ["a wrong token", { _csrf: "x".repeat(43) }],
  ])("refuses a form with %s (CSRF) and changes nothing", async (_, extra) => {
    const { app, carts } = storefront();
    const b = browser(app);
    await b.send("/");
    await b.post("/login", { _csrf: b.csrf(), email: "a@example.com", password: "right", next: "/" });
    const forged = await b.post("/cart/add", { isbn: book.isbn, quantity: "1", ...extra });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain("This form has expired or did not come from this shop");
    expect(carts.get("u1")).toBeUndefined();
  });

  it("says the session expired when the token in the cookie has", async () => {
    const b = browser(storefront().app);
    b.setCookie(`quire_session=${"c".repeat(43)}.${await token("u1", Math.floor(Date.now() / 1000) - 60)}`);
    const res = await b.send("/orders");
    expect(res.headers.get("location")).toBe("/login?next=%2Forders&reason=expired");
    expect(await (await b.send("/login?reason=expired")).text()).toContain("Your session expired");
  });

  it("keeps a shopper signed in when the users service's keys are out of reach: a 503 page, the cookie untouched", async () => {
    const unreachable = new JwtVerifier(async () => {
      throw new TypeError("fetch failed");
    }, { issuer: "quire-users", audience: "quire" });
    const app = createApp({ shop: new ShopClient(new InProcessInvoker(services().apps)), verifier: unreachable, logger, secureCookies: false });
    const res = await app.request("/cart", { headers: { accept: "text/html", cookie: `quire_session=${"c".repeat(43)}.${await token("u1")}` } });
    expect(res.status).toBe(503);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await res.text()).toContain("Part of the shop is not answering right now");
  });

  it.each(["//evil.example/x", "https://evil.example", "/\\evil.example"])("never sends a shopper off-site after sign-in (next=%s)", async (next) => {
    const b = browser(storefront().app);
    await b.send("/");
    const res = await b.post("/login", { _csrf: b.csrf(), email: "a@example.com", password: "right", next });
    expect(res.headers.get("location")).toBe("/");
  });

  it("shows a wrong password beside the form, not as an error page", async () => {
    const b = browser(storefront().app);
    await b.send("/");
    const res = await b.post("/login", { _csrf: b.csrf(), email: "a@example.com", password: "wrong", next: "/" });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("That email and password do not match an account.");
  });

  it("answers a failing service with a page a person understands, never a stack or raw JSON", async () => {
    const res = await browser(storefront({ catalogDown: true }).app).send("/?q=austen");
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain("Part of the shop is not answering right now");
    expect(html).not.toMatch(/at \w+ \(|"detail"|Error:/);
  });

  it("answers 404 with a page for an unknown book or path", async () => {
    const b = browser(storefront().app);
    expect((await b.send("/books/9780000000000")).status).toBe(404);
    expect(await (await b.send("/no/such/page")).text()).toContain("Not found");
  });

  it.each([
    ["out of stock", "sold out"],
    ["card declined", "Your card was declined"],
    ["payment unavailable", "could not reach the payment service"],
    ["not completed", "could not complete this order"],
  ] as const)("explains a cancelled order's reason %j in words", (reason, words) => {
    expect(explain(reason)).toContain(words);
  });

  it("tells a shopper whose order needs attention that it is in hand and costs nothing, and keeps watching it", async () => {
    const order = { id: "o-88", status: "needs-attention" as const, items: [], totalCents: 0, createdAt: at, updatedAt: at };
    const html = String(await OrderPage({ viewer: { signedIn: true, csrf: "x" }, order }).toString());
    expect(html).toContain("We hit a problem finishing this order and are fixing it. You will not be charged");
    expect(html).toContain('data-final="false"');
    expect(html).not.toContain("needs-attention</p>");
  });
});

describe("storefront locks", () => {
  it("refuses a call without the app token, except its health", async () => {
    const app = createApp({ shop: new ShopClient(new InProcessInvoker({})), verifier, logger, appToken: "secret", secureCookies: false });
    const res = await app.request("/");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await app.request("/healthz")).status).toBe(200);
  });
});

describe("the staff page", () => {
  async function signedIn(password: "staff" | "right") {
    const shop = storefront();
    const b = browser(shop.app);
    await b.send("/");
    await b.post("/login", { _csrf: b.csrf(), email: "a@example.com", password, next: "/" });
    return { ...shop, b };
  }

  it("is linked in the header for an admin only", async () => {
    expect(await (await (await signedIn("staff")).b.send("/")).text()).toContain('href="/staff"');
    expect(await (await (await signedIn("right")).b.send("/")).text()).not.toContain('href="/staff"');
    expect(await (await browser(storefront().app).send("/")).text()).not.toContain('href="/staff"');
  });

  it.each([
    ["a signed-out visitor is sent to sign in", null, 303],
    ["a shopper is refused", "right", 403],
    ["an admin sees it", "staff", 200],
  ] as const)("%s", async (_case, password, status) => {
    const b = password ? (await signedIn(password)).b : browser(storefront().app);
    const res = await b.send("/staff");
    expect(res.status).toBe(status);
    if (status === 303) expect(res.headers.get("location")).toBe("/login?next=%2Fstaff&reason=required");
    if (status === 403) expect(await res.text()).toContain("This page is for shop staff");
    if (status === 200) expect(await res.text()).toMatch(/action="\/staff\/stock"[\s\S]*name="_csrf"[\s\S]*action="\/staff\/orders"[\s\S]*name="_csrf"/);
  });

  it("restocks a book as the signed-in admin, named to inventory by id and role", async () => {
    const { b, staffCalls } = await signedIn("staff");
    const res = await b.post("/staff/stock", { _csrf: b.csrf(), isbn: book.isbn, onHand: "12" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`${book.isbn}: 12 on hand, 10 available to buy.`);
    expect(staffCalls).toEqual([{ path: `/api/admin/stock/${book.isbn}`, userId: "staff-1", role: "admin", body: { onHand: 12 } }]);
  });

  it.each([
    ["a malformed ISBN", { isbn: "97801414395", onHand: "3" }, "ISBN must be an ISBN-13"],
    ["an ISBN that would change the path", { isbn: "../../x", onHand: "3" }, "ISBN must be an ISBN-13"],
    ["a negative count", { isbn: book.isbn, onHand: "-1" }, "Copies on hand must be a whole number"],
    ["inventory's refusal", { isbn: book.isbn, onHand: "1" }, "2 copies are reserved"],
  ])("shows %s beside the restock form", async (_case, fields, words) => {
    const { b, staffCalls } = await signedIn("staff");
    const res = await b.post("/staff/stock", { _csrf: b.csrf(), ...fields });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(words);
    expect(staffCalls.length).toBe(words.startsWith("2 copies") ? 1 : 0);
  });

  it("looks an order up: its status, lines, reservation, charge and shipment", async () => {
    const { b, staffCalls } = await signedIn("staff");
    const posted = await b.post("/staff/orders", { _csrf: b.csrf(), id: " o-77 " });
    expect(posted.headers.get("location")).toBe("/staff?order=o-77");
    const page = await (await b.send("/staff?order=o-77")).text();
    for (const fact of ["shipped", "shopper-9", "Pride and Prejudice", "committed", "succeeded, $17.98, card ending 4242", "ship-123"]) expect(page).toContain(fact);
    expect(staffCalls).toEqual([{ path: "/api/admin/orders/o-77", userId: "staff-1", role: "admin" }]);
  });

  it.each([["an unknown id", "o-404", 1], ["an id no order can have", "a/../b", 0]])("says there is no order for %s", async (_case, id, calls) => {
    const { b, staffCalls } = await signedIn("staff");
    const res = await b.send(`/staff?${new URLSearchParams({ order: id })}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain(`There is no order ${id}.`);
    expect(staffCalls).toHaveLength(calls);
  });

  it.each([
    ["the restock form without its CSRF token", "/staff/stock", { isbn: "9780141439518", onHand: "5" }],
    ["the look-up form without its CSRF token", "/staff/orders", { id: "o-77" }],
  ])("refuses %s with 403 and calls nothing", async (_case, path, fields) => {
    const { b, staffCalls } = await signedIn("staff");
    const res = await b.post(path, fields);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("This form has expired or did not come from this shop");
    expect(staffCalls).toEqual([]);
  });

  it("refuses a shopper's restock with 403, even with a valid CSRF token", async () => {
    const { b, staffCalls } = await signedIn("right");
    expect((await b.post("/staff/stock", { _csrf: b.csrf(), isbn: book.isbn, onHand: "5" })).status).toBe(403);
    expect(staffCalls).toEqual([]);
  });
});
