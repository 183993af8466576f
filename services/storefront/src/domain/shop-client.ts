import { bookSchema, type Book, type CancellationReason, type OrderStatus } from "@quire/contracts";
import { z } from "zod";
import { ROLE_HEADER, type FieldErrors, type Invoker, type Role } from "@quire/kit";
import { staffOrderViewSchema, stockLevelSchema, type StaffOrderView } from "./staff-view.ts";

export type { Book, OrderStatus };
export type Page<T> = { items: T[]; page: number; pageSize: number; total: number };
export type CartLine = { isbn: string; title: string; quantity: number; priceCents: number };
export type Cart = { items: CartLine[]; totalCents: number };
export type Address = { name: string; line1: string; city: string; postalCode: string; country: string };
export type Profile = { id: string; email: string; name: string; address?: Address };
export type Order = { id: string; status: OrderStatus; reason?: CancellationReason; items: CartLine[]; totalCents: number; createdAt: string; updatedAt: string };
export type Notification = { id: string; orderId: string; type: string; message: string; createdAt: string };

// What a form submission comes back with: done, or the service's reasons, per field where it gave them.
export type Result<T> = { ok: true; value: T } | { ok: false; status: number; detail: string; errors: FieldErrors };

// A service answered in a way no page can help with (5xx, unreachable): the error page says
// "try again" and the log has the detail.
export class ServiceUnavailable extends Error {
  constructor(
    readonly appId: string,
    readonly status: number,
  ) {
    super(`${appId} answered ${status}`);
  }
}

type Call = { userId?: string | undefined; role?: Role; json?: unknown; idempotencyKey?: string; signal?: AbortSignal };

// Readers also bought, as recommendations answers it (a Python service: parsed, not trusted).
const alsoBoughtSchema = z.object({ items: z.array(bookSchema).max(5) });
// A book page waits this long for its recommendations, then shows the book without them.
export const RECOMMENDATIONS_TIMEOUT_MS = 1500;
// A signed-in member of staff, named to the services as the gateway names them: id and role.
export type Staff = { userId: string; role: Role };

// The services the pages show, reached by Dapr service invocation with the same routes the
// gateway relays to. The shopper is named by x-user-id, as the gateway names them.
export class ShopClient {
  constructor(private readonly invoker: Invoker) {}

  books(q: string, page: number, pageSize = 12): Promise<Result<Page<Book>>> {
    const query = new URLSearchParams({ page: String(page), pageSize: String(pageSize), ...(q ? { q } : {}) });
    return this.result("catalog", "GET", `/api/books?${query}`);
  }

  book = (isbn: string) => this.found<Book>("catalog", `/api/books/${isbn}`);
  available = async (isbn: string) => (await this.found<{ available: number }>("inventory", `/api/inventory/${isbn}`))?.available;
  async recommendations(isbn: string): Promise<Book[]> {
    const res = await this.result<unknown>("recommendations", "GET", `/api/recommendations/${isbn}`, { signal: AbortSignal.timeout(RECOMMENDATIONS_TIMEOUT_MS) });
    return alsoBoughtSchema.parse(this.value(res)).items;
  }

  cart = async (userId: string) => this.value<Cart>(await this.result("cart", "GET", "/api/cart", { userId }));
  setQuantity = (userId: string, isbn: string, quantity: number) => this.result<Cart>("cart", "PUT", `/api/cart/items/${isbn}`, { userId, json: { quantity } });

  register = (form: { email: string; password: string; name: string }) => this.result<Profile>("users", "POST", "/api/users", { json: form });
  signIn = (form: { email: string; password: string }) => this.result<{ token: string; expiresAt: string }>("users", "POST", "/api/sessions", { json: form });
  me = async (userId: string) => this.value<Profile>(await this.result("users", "GET", "/api/me", { userId }));
  saveAddress = (userId: string, address: Address) => this.result<Profile>("users", "PUT", "/api/me/address", { userId, json: address });

  checkout(userId: string, body: { card: { number: string }; address: Address }, idempotencyKey: string) {
    return this.result<{ orderId: string }>("orders", "POST", "/api/checkout", { userId, json: body, idempotencyKey });
  }
  order = (userId: string, id: string) => this.found<Order>("orders", `/api/orders/${id}`, userId);
  orders = async (userId: string) => this.value<{ items: Order[] }>(await this.result("orders", "GET", "/api/orders", { userId })).items;
  notifications = async (userId: string) => this.value<{ items: Notification[] }>(await this.result("notifications", "GET", "/api/notifications", { userId })).items;

  // Staff: the services check the role again, so these go with the session's role.
  async setStock(staff: Staff, isbn: string, onHand: number) {
    const res = await this.result<unknown>("inventory", "PUT", `/api/admin/stock/${isbn}`, { ...staff, json: { onHand } });
    return res.ok ? { ...res, value: stockLevelSchema.parse(res.value) } : res;
  }
  async staffOrder(staff: Staff, id: string): Promise<StaffOrderView | undefined> {
    const res = await this.result<unknown>("orders", "GET", `/api/admin/orders/${id}`, staff);
    if (!res.ok && (res.status === 404 || res.status === 400)) return undefined;
    return staffOrderViewSchema.parse(this.value(res));
  }

  // A 404, or a 400 for a malformed id, is "there is no such thing"; anything else is trouble.
  private async found<T>(appId: string, path: string, userId?: string): Promise<T | undefined> {
    const res = await this.result<T>(appId, "GET", path, { userId });
    if (!res.ok && (res.status === 404 || res.status === 400)) return undefined;
    return this.value(res);
  }

  private value<T>(res: Result<T>): T {
    if (res.ok) return res.value;
    throw new Error(`unexpected answer ${res.status}: ${res.detail}`);
  }

  // 2xx → the body; 4xx → the service's problem (for the form to show); 5xx → ServiceUnavailable.
  private async result<T>(appId: string, method: string, target: string, { userId, role, json, idempotencyKey, signal }: Call = {}): Promise<Result<T>> {
    const headers = new Headers({ accept: "application/json" });
    if (userId) headers.set("x-user-id", userId);
    if (userId && role) headers.set(ROLE_HEADER, role);
    if (idempotencyKey) headers.set("idempotency-key", idempotencyKey);
    if (json !== undefined) headers.set("content-type", "application/json");
    const body = json === undefined ? undefined : (new TextEncoder().encode(JSON.stringify(json)).buffer as ArrayBuffer);
    const res = await this.invoker.forward(appId, { method, target, headers, body }, signal).catch(() => {
      throw new ServiceUnavailable(appId, 0);
    });
    // 403 is a sidecar refusing the call (an access list), not the shopper's doing.
    if (res.status >= 500 || res.status === 403) throw new ServiceUnavailable(appId, res.status);
    const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.ok) return { ok: true, value: data as T };
    return { ok: false, status: res.status, detail: String(data.detail ?? res.statusText), errors: (data.errors as FieldErrors | undefined) ?? {} };
  }
}
