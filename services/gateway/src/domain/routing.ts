import type { Role } from "@quire/kit";

// Which service owns which part of the public API. The gateway keeps the path as it is, so each
// owner serves the same /api/... routes it is reached by.
// `methods` are the ones the public API has on the route (anything else is answered here, not
// sent on); `open` lists those anyone may use, every other call needs a signed-in user, and one
// with a `role` needs a user of that role (staff routes: a shopper gets 403).
export type Route = { prefix: string; appId: string; methods: readonly string[]; open?: readonly string[]; role?: Role };

export const routeTable: readonly Route[] = [
  { prefix: "/api/books", appId: "catalog", methods: ["GET", "HEAD"], open: ["GET", "HEAD"] },
  { prefix: "/api/inventory", appId: "inventory", methods: ["GET", "HEAD"], open: ["GET", "HEAD"] },
  { prefix: "/api/users", appId: "users", methods: ["POST"], open: ["POST"] },
  { prefix: "/api/sessions", appId: "users", methods: ["POST"], open: ["POST"] },
  { prefix: "/api/me", appId: "users", methods: ["GET", "HEAD", "PUT"] },
  { prefix: "/api/cart", appId: "cart", methods: ["GET", "HEAD", "PUT", "DELETE"] },
  { prefix: "/api/checkout", appId: "orders", methods: ["POST"] },
  { prefix: "/api/orders", appId: "orders", methods: ["GET", "HEAD"] },
  { prefix: "/api/notifications", appId: "notifications", methods: ["GET", "HEAD"] },
  // Readers also bought: for anyone's book page, like the books themselves.
  { prefix: "/api/recommendations", appId: "recommendations", methods: ["GET", "HEAD"], open: ["GET", "HEAD"] },
  // Shop staff: restock a book, see any order with its reservation, charge and shipment.
  { prefix: "/api/admin/stock", appId: "inventory", methods: ["PUT"], role: "admin" },
  { prefix: "/api/admin/orders", appId: "orders", methods: ["GET", "HEAD"], role: "admin" },
];

// Every path outside /api is a page of the storefront.
export const STOREFRONT = "storefront";

// Every service behind the gateway, routed to or not: /healthz reports each one.
export const backends = ["storefront", "users", "catalog", "cart", "inventory", "payments", "orders", "shipping", "notifications", "recommendations"] as const;

export function routeFor(path: string): Route | undefined {
  return routeTable.find((r) => path === r.prefix || path.startsWith(`${r.prefix}/`));
}

export const isOpen = (route: Route, method: string) => route.open?.includes(method) ?? false;

// Headers a backend may see, and headers a client may see back; everything else stays behind.
// x-user-id and x-user-role are not among them: the gateway sets them from the verified token,
// never from the client.
export const forwardedRequestHeaders = ["accept", "content-type", "idempotency-key", "x-request-id"] as const;
export const forwardedResponseHeaders = ["content-type", "location", "etag", "retry-after"] as const;

// Pages carry the session cookie both ways, and the storefront's own security headers back.
export const forwardedPageHeaders = ["accept", "accept-language", "content-type", "cookie", "x-request-id"] as const;
export const forwardedPageResponseHeaders = [
  "content-type", "location", "set-cookie", "cache-control",
  "content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy", "cross-origin-opener-policy",
] as const;
