import { validate } from "@readme/openapi-parser";
import { InProcessInvoker, JwtVerifier } from "@quire/kit";
import { createLocalJWKSet } from "jose";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { undocumented } from "../src/docs/coverage.ts";
import { openApiDocument } from "../src/docs/openapi-document.ts";
import { routeTable } from "../src/domain/routing.ts";

const doc = openApiDocument();
const ops = Object.entries(doc.paths ?? {}).flatMap(([path, item]) => Object.entries(item ?? {}).map(([method, op]) => ({ path, method, op: op as { security?: unknown[]; responses: Record<string, unknown> } })));
const op = (method: string, path: string) => ops.find((o) => o.method === method && o.path === path)!.op;

const gateway = () =>
  createApp({
    invoker: new InProcessInvoker({}),
    verifier: new JwtVerifier(createLocalJWKSet({ keys: [] }), { issuer: "i", audience: "a" }),
    logger: pino({ level: "silent" }),
    bodyLimitBytes: 1024,
    healthTimeoutMs: 100,
    rateLimit: { limit: 100, windowMs: 60_000 },
    corsOrigins: [],
  });

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await validate(structuredClone(doc) as Parameters<typeof validate>[0]);
    expect(result.valid ? [] : result.errors.map((e) => e.message)).toEqual([]);
    expect(doc.openapi).toBe("3.1.0");
  }, 30_000);

  it("describes every route the gateway answers", () => {
    expect(undocumented(doc)).toEqual([]);
  });

  it("notices a route the gateway answers that the document lacks", () => {
    const { ["/api/notifications"]: _gone, ...paths } = doc.paths ?? {};
    expect(undocumented({ ...doc, paths })).toEqual(["GET /api/notifications", "HEAD /api/notifications"]);
    const extra = [...routeTable, { prefix: "/api/wishlist", appId: "wishlist", methods: ["GET"] }];
    expect(undocumented(doc, extra)).toEqual(["GET /api/wishlist"]);
  });

  it("refuses to document a route the gateway does not relay", () => {
    const stray = { ...op("get", "/api/books"), method: "get", path: "/api/wishlist", responses: {} } as never;
    expect(() => openApiDocument([stray], [])).toThrow(/does not relay/);
  });

  it("asks for a bearer token where the gateway does, and says which routes are open", () => {
    expect(op("get", "/api/books").security).toEqual([]);
    expect(op("post", "/api/sessions").security).toEqual([]);
    expect(op("get", "/api/cart").security).toBeUndefined(); // the document's default: bearer
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.components?.securitySchemes).toMatchObject({ bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } });
    expect(Object.keys(op("get", "/api/cart").responses)).toContain("401");
    expect(Object.keys(op("get", "/api/books").responses)).not.toContain("401");
    expect(Object.keys(op("put", "/api/admin/stock/{isbn}").responses)).toEqual(expect.arrayContaining(["200", "400", "401", "403", "409", "413", "415", "429"]));
  });

  it("documents errors as problem+json and the rate-limit headers on every answer", () => {
    for (const { path, op: operation } of ops.filter((o) => o.path.startsWith("/api/"))) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const r = response as { $ref?: string; headers?: Record<string, unknown>; content?: Record<string, unknown> };
        if (r.$ref) continue;
        expect(Object.keys(r.headers ?? {}), `${path} ${status}`).toEqual(expect.arrayContaining(["RateLimit-Limit", "RateLimit-Remaining", "X-Request-Id"]));
        if (Number(status) >= 400) expect(Object.keys(r.content ?? {}), `${path} ${status}`).toEqual(["application/problem+json"]);
      }
    }
    expect(doc.components?.responses?.TooManyRequests).toMatchObject({ headers: { "Retry-After": expect.anything() } });
  });

  it("includes the recommendations route, open to anyone", () => {
    expect(Object.keys(op("get", "/api/recommendations/{isbn}").responses)).toEqual(expect.arrayContaining(["200", "400", "404"]));
    expect(op("get", "/api/recommendations/{isbn}").security).toEqual([]);
  });
});

describe("the gateway serves the documents", () => {
  it("serves the OpenAPI and AsyncAPI documents at /api", async () => {
    const app = gateway();
    const openapi = await app.request("/api/openapi.json");
    expect(openapi.status).toBe(200);
    expect(await openapi.json()).toEqual(JSON.parse(JSON.stringify(doc)));
    const asyncapi = await app.request("/api/asyncapi.json");
    expect(((await asyncapi.json()) as { asyncapi: string }).asyncapi).toBe("3.0.0");
  });

  it("serves the docs page with its script from here, nothing from elsewhere", async () => {
    const app = gateway();
    const page = await app.request("/api/docs");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('src="/api/docs/scalar.js"');
    expect(html).toContain("/api/openapi.json");
    expect(html).not.toMatch(/(src|href)="https?:/);
    const script = await app.request("/api/docs/scalar.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});
