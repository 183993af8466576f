import { beforeAll, describe, expect, it } from "vitest";
import { address, CARDS } from "../harness/shop.ts";
import { api, expectProblem, newShopper, type Shopper } from "../harness/client.ts";

// Every public endpoint, fed what a careless or hostile client sends: each answer is a 4xx
// problem+json that names the problem (the field, or what is wrong with the request).
const UNKNOWN_ISBN = "9780000000002"; // well-formed, valid check digit, not in the catalog
const BAD_CHECK_DIGIT = "9780000000003";
const huge = "x".repeat(10_000);
const oversized = JSON.stringify({ pad: "x".repeat(70 * 1024) });

let shopper: Shopper;
let isbn: string;
beforeAll(async () => {
  shopper = await newShopper();
  isbn = ((await (await api("/api/books?page=6&pageSize=1")).json()) as { items: { isbn: string }[] }).items[0]!.isbn;
});

type Case = [name: string, send: () => Promise<Response>, status: number, names: RegExp | string];
const json = (method: string, path: string, body: unknown, auth = true) => api(path, { method, json: body, ...(auth ? { shopper } : {}) });
const raw = (method: string, path: string, body: string, contentType: string, auth = true) =>
  api(path, { method, body, headers: { "content-type": contentType }, ...(auth ? { shopper } : {}) });

// Asserts the problem names `names`: a field key of `errors`, or words in `detail`.
async function expectNamed(res: Response, status: number, names: RegExp | string) {
  const problem = await expectProblem(res, status);
  if (typeof names === "string") expect(problem.errors ?? {}, problem.detail).toHaveProperty([names]);
  else expect(problem.detail).toMatch(names);
}

const table: Record<string, Case[]> = {
  "GET /api/books": [
    ["page 0", () => api("/api/books?page=0"), 400, "page"],
    ["a fractional page", () => api("/api/books?page=1.5"), 400, "page"],
    ["a word for pageSize", () => api("/api/books?pageSize=lots"), 400, "pageSize"],
    ["pageSize 1000", () => api("/api/books?pageSize=1000"), 400, "pageSize"],
    ["a huge query", () => api(`/api/books?q=${"a".repeat(300)}`), 400, "q"],
  ],
  "GET /api/books/{isbn}": [
    ["a malformed ISBN", () => api("/api/books/12345"), 400, "isbn"],
    ["a wrong check digit", () => api(`/api/books/${BAD_CHECK_DIGIT}`), 400, "isbn"],
    ["an unknown ISBN", () => api(`/api/books/${UNKNOWN_ISBN}`), 404, /book|ISBN/i],
  ],
  "GET /api/inventory/{isbn}": [
    ["a malformed ISBN", () => api("/api/inventory/abc"), 400, "isbn"],
    ["an unknown ISBN", () => api(`/api/inventory/${UNKNOWN_ISBN}`), 404, /stock|ISBN/i],
  ],
  "POST /api/users": [
    ["no body fields", () => json("POST", "/api/users", {}, false), 400, "email"],
    ["a malformed email", () => json("POST", "/api/users", { email: "nope", password: "long enough pw", name: "A" }, false), 400, "email"],
    ["a number for a password", () => json("POST", "/api/users", { email: "a@example.com", password: 12345678, name: "A" }, false), 400, "password"],
    ["a huge name", () => json("POST", "/api/users", { email: "a@example.com", password: "long enough pw", name: huge }, false), 400, "name"],
    ["malformed JSON", () => raw("POST", "/api/users", "{email:", "application/json", false), 400, /json/i],
    ["a form body", () => raw("POST", "/api/users", "email=a", "application/x-www-form-urlencoded", false), 415, /json|content-type/i],
    ["an oversized body", () => raw("POST", "/api/users", oversized, "application/json", false), 413, /larger than/],
  ],
  "POST /api/sessions": [
    ["no password", () => json("POST", "/api/sessions", { email: "a@example.com" }, false), 400, "password"],
    ["an array body", () => json("POST", "/api/sessions", [1, 2], false), 400, "(root)"],
    ["wrong credentials", () => json("POST", "/api/sessions", { email: "nobody@example.com", password: "whatever123" }, false), 401, /Wrong email or password/],
  ],
  "GET /api/me": [["no token", () => api("/api/me"), 401, /Sign in/]],
  "PUT /api/me/address": [
    ["a missing city", () => json("PUT", "/api/me/address", { ...address, city: undefined }), 400, "city"],
    ["a lower-case country", () => json("PUT", "/api/me/address", { ...address, country: "gb" }), 400, "country"],
    ["a huge line1", () => json("PUT", "/api/me/address", { ...address, line1: huge }), 400, "line1"],
  ],
  "PUT /api/cart/items/{isbn}": [
    ["a missing quantity", () => json("PUT", `/api/cart/items/${isbn}`, {}), 400, "quantity"],
    ["a negative quantity", () => json("PUT", `/api/cart/items/${isbn}`, { quantity: -1 }), 400, "quantity"],
    ["a fractional quantity", () => json("PUT", `/api/cart/items/${isbn}`, { quantity: 1.5 }), 400, "quantity"],
    ["a string quantity", () => json("PUT", `/api/cart/items/${isbn}`, { quantity: "2" }), 400, "quantity"],
    ["a huge quantity", () => json("PUT", `/api/cart/items/${isbn}`, { quantity: 1e12 }), 400, "quantity"],
    ["an unknown ISBN", () => json("PUT", `/api/cart/items/${UNKNOWN_ISBN}`, { quantity: 1 }), 404, /book|ISBN/i],
    ["a malformed ISBN", () => json("PUT", "/api/cart/items/not-an-isbn", { quantity: 1 }), 400, "isbn"],
    ["malformed JSON", () => raw("PUT", `/api/cart/items/${isbn}`, "{quantity:", "application/json"), 400, /json/i],
    ["text/plain", () => raw("PUT", `/api/cart/items/${isbn}`, '{"quantity":1}', "text/plain"), 415, /json|content-type/i],
    ["an oversized body", () => raw("PUT", `/api/cart/items/${isbn}`, oversized, "application/json"), 413, /larger than/],
  ],
  "DELETE /api/cart/items/{isbn}": [["a malformed ISBN", () => api("/api/cart/items/42", { method: "DELETE", shopper }), 400, "isbn"]],
  "POST /api/checkout": [
    ["an empty cart", () => json("POST", "/api/checkout", { card: { number: CARDS.pays }, address }), 400, /cart is empty/],
    ["no card", () => json("POST", "/api/checkout", { address }), 400, "card"],
    ["a short card number", () => json("POST", "/api/checkout", { card: { number: "4242" }, address }), 400, "card.number"],
    ["a card number with letters", () => json("POST", "/api/checkout", { card: { number: "4242abcd42424242" }, address }), 400, "card.number"],
    ["a blank address name", () => json("POST", "/api/checkout", { card: { number: CARDS.pays }, address: { ...address, name: " " } }), 400, "address.name"],
    ["a huge postal code", () => json("POST", "/api/checkout", { card: { number: CARDS.pays }, address: { ...address, postalCode: huge } }), 400, "address.postalCode"],
    ["a too long Idempotency-Key", () => api("/api/checkout", { method: "POST", shopper, json: { card: { number: CARDS.pays }, address }, headers: { "idempotency-key": "k".repeat(201) } }), 400, "idempotency-key"],
    ["no token", () => json("POST", "/api/checkout", { card: { number: CARDS.pays }, address }, false), 401, /Sign in/],
  ],
  "GET /api/orders/{id}": [
    ["an id with odd characters", () => api("/api/orders/%3Cscript%3E", { shopper }), 400, /characters that no route has/],
    ["an id with a dot", () => api("/api/orders/a.b", { shopper }), 400, "id"],
    ["an unknown id", () => api("/api/orders/no-such-order", { shopper }), 404, /No such order/],
    ["a method the API does not have", () => api("/api/orders/no-such-order", { method: "DELETE", shopper }), 404, /No route/],
  ],
  "GET /api/notifications": [["a forged token", () => api("/api/notifications", { headers: { authorization: "Bearer a.b.c" } }), 401, /invalid or has expired/]],
  "any": [["a path no service owns", () => api("/api/nothing-here"), 404, /No route/]],
};

describe.each(Object.entries(table))("%s", (_endpoint, cases) => {
  it.each(cases)("%s", async (_name, send, status, names) => {
    await expectNamed(await send(), status, names);
  });
});
