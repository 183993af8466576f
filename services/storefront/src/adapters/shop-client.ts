import { api, bookSchema } from "@quire/contracts";
import { z } from "zod";
import { ROLE_HEADER, type FieldErrors, type Invoker, type Role } from "@quire/kit";
import createClient from "openapi-fetch";
import type { components, paths } from "./api-types.ts";

// The shapes the pages show are the API's, generated from its OpenAPI document (api-types.ts).
type Schemas = components["schemas"];
export type Book = Schemas["Book"];
export type Page<T> = { items: T[]; page: number; pageSize: number; total: number };
export type CartLine = Schemas["CartLine"];
export type Cart = Schemas["Cart"];
export type Address = Schemas["Address"];
export type Profile = Schemas["Profile"];
export type Order = Schemas["Order"];
export type OrderStatus = Order["status"];
export type Notification = Schemas["Notification"];
export type StaffOrderView = api.StaffOrderView;
export type StockLevel = api.StockLevel;

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

const alsoBoughtSchema = z.object({ items: z.array(bookSchema).max(5) });
export const RECOMMENDATIONS_TIMEOUT_MS = 1500;

// A signed-in member of staff, named to the services as the gateway names them: id and role.
export type Staff = { userId: string; role: Role };
type Answer<T> = { data?: T; error?: unknown; response: Response };

// The services the pages show, reached by Dapr service invocation with the same routes the
// gateway relays to, through an openapi-fetch client typed from the API's document: a call to a
// path, with a body or parameters, that the API does not have does not compile. The shopper is
// named by x-user-id (and staff by their role), as the gateway names them.
export class ShopClient {
  private readonly catalogApi;
  private readonly inventoryApi;
  private readonly cartApi;
  private readonly usersApi;
  private readonly ordersApi;
  private readonly notificationsApi;
  private readonly recommendationsApi;

  constructor(private readonly invoker: Invoker) {
    this.catalogApi = this.client("catalog");
    this.inventoryApi = this.client("inventory");
    this.cartApi = this.client("cart");
    this.usersApi = this.client("users");
    this.ordersApi = this.client("orders");
    this.notificationsApi = this.client("notifications");
    this.recommendationsApi = this.client("recommendations");
  }

  books = (q: string, page: number, pageSize = 12) => result(this.catalogApi.GET("/api/books", { params: { query: { page, pageSize, ...(q ? { q } : {}) } } }));
  book = async (isbn: string) => found(await this.catalogApi.GET("/api/books/{isbn}", { params: { path: { isbn } } }));
  available = async (isbn: string) => (await found(await this.inventoryApi.GET("/api/inventory/{isbn}", { params: { path: { isbn } } })))?.available;
  // Readers also bought, from recommendations (a Python service: parsed, not trusted); a book page
  // waits RECOMMENDATIONS_TIMEOUT_MS for it, then shows the book without them.
  async recommendations(isbn: string): Promise<Book[]> {
    const answer = await this.recommendationsApi.GET("/api/recommendations/{isbn}", { params: { path: { isbn } }, signal: AbortSignal.timeout(RECOMMENDATIONS_TIMEOUT_MS) });
    return alsoBoughtSchema.parse(await value(answer)).items;
  }

  cart = async (userId: string) => value(await this.cartApi.GET("/api/cart", { headers: as(userId) }));
  setQuantity = (userId: string, isbn: string, quantity: number) => result(this.cartApi.PUT("/api/cart/items/{isbn}", { params: { path: { isbn } }, body: { quantity }, headers: as(userId) }));

  register = (form: { email: string; password: string; name: string }) => result(this.usersApi.POST("/api/users", { body: form }));
  signIn = (form: { email: string; password: string }) => result(this.usersApi.POST("/api/sessions", { body: form }));
  me = async (userId: string) => value(await this.usersApi.GET("/api/me", { headers: as(userId) }));
  saveAddress = (userId: string, address: Address) => result(this.usersApi.PUT("/api/me/address", { body: address, headers: as(userId) }));

  checkout(userId: string, body: { card: { number: string }; address: Address }, idempotencyKey: string) {
    return result(this.ordersApi.POST("/api/checkout", { params: { header: { "idempotency-key": idempotencyKey } }, body, headers: as(userId) }));
  }
  order = async (userId: string, id: string) => found(await this.ordersApi.GET("/api/orders/{id}", { params: { path: { id } }, headers: as(userId) }));
  orders = async (userId: string) => (await value(await this.ordersApi.GET("/api/orders", { headers: as(userId) }))).items;
  notifications = async (userId: string) => (await value(await this.notificationsApi.GET("/api/notifications", { headers: as(userId) }))).items;

  // Staff: the services check the role again, so these go with the session's role. Their answers
  // are parsed with the contract's schemas too: the staff page shows records of three services.
  async setStock(staff: Staff, isbn: string, onHand: number): Promise<Result<StockLevel>> {
    const res = await result(this.inventoryApi.PUT("/api/admin/stock/{isbn}", { params: { path: { isbn } }, body: { onHand }, headers: as(staff.userId, staff.role) }));
    return res.ok ? { ...res, value: api.stockLevelSchema.parse(res.value) } : res;
  }
  async staffOrder(staff: Staff, id: string): Promise<StaffOrderView | undefined> {
    const view = await found(await this.ordersApi.GET("/api/admin/orders/{id}", { params: { path: { id } }, headers: as(staff.userId, staff.role) }));
    return view && api.staffOrderViewSchema.parse(view);
  }

  // openapi-fetch builds each request; the sidecar's invocation API carries it to the app.
  private client(appId: string) {
    return createClient<paths>({ baseUrl: "http://invocation", fetch: (request) => this.forward(appId, request) });
  }

  private async forward(appId: string, request: Request): Promise<Response> {
    const url = new URL(request.url);
    const body = ["GET", "HEAD"].includes(request.method) ? undefined : await request.arrayBuffer();
    const headers = new Headers(request.headers);
    headers.set("accept", "application/json");
    const res = await this.invoker.forward(appId, { method: request.method, target: url.pathname + url.search, headers, body }, request.signal).catch(() => {
      throw new ServiceUnavailable(appId, 0);
    });
    // 403 is a sidecar refusing the call (an access list), not the shopper's doing.
    if (res.status >= 500 || res.status === 403) throw new ServiceUnavailable(appId, res.status);
    return res;
  }
}

const as = (userId: string, role?: Role): Record<string, string> => ({ "x-user-id": userId, ...(role ? { [ROLE_HEADER]: role } : {}) });

// 2xx → the body; 4xx → the service's problem (for the form to show).
async function result<T>(call: Promise<Answer<T>>): Promise<Result<T>> {
  const { data, error, response } = await call;
  if (response.ok) return { ok: true, value: data as T };
  const problem = (error ?? {}) as { detail?: unknown; errors?: FieldErrors };
  return { ok: false, status: response.status, detail: String(problem.detail ?? response.statusText), errors: problem.errors ?? {} };
}

// A 404, or a 400 for a malformed id, is "there is no such thing"; anything else is trouble.
async function found<T>(answer: Answer<T>): Promise<T | undefined> {
  if (answer.response.status === 404 || answer.response.status === 400) return undefined;
  return value(answer);
}

async function value<T>(answer: Answer<T>): Promise<T> {
  const res = await result(Promise.resolve(answer));
  if (res.ok) return res.value;
  throw new Error(`unexpected answer ${res.status}: ${res.detail}`);
}
