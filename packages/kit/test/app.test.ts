import { Writable } from "node:stream";
import { pino, type Logger } from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, createServiceApp, validate } from "../src/index.ts";

function testApp(appToken?: string, logger: Logger = pino({ level: "silent" })) {
  const app = createServiceApp({ service: "test", logger, ...(appToken ? { appToken } : {}) });
  app.post("/things", validate("json", z.object({ name: z.string().min(1), count: z.number().int() })), (c) => c.json(c.req.valid("json"), 201));
  app.get("/teapot", () => {
    throw new AppError("CONFLICT", "already brewing");
  });
  app.get("/boom", () => {
    throw new Error("secret internals");
  });
  return app;
}

const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("createServiceApp", () => {
  it("answers /healthz", async () => {
    const res = await testApp().request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", service: "test" });
  });

  it("passes valid input through", async () => {
    const res = await testApp().request("/things", json({ name: "a", count: 2 }));
    expect(res.status).toBe(201);
  });

  it.each([
    ["a missing field", { count: 1 }, ["name"]],
    ["wrong types", { name: 5, count: "x" }, ["name", "count"]],
    ["a fractional number", { name: "a", count: 1.5 }, ["count"]],
  ])("turns %s into a 400 problem naming each field", async (_case, body, fields) => {
    const res = await testApp().request("/things", json(body));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await res.json()) as { errors: Record<string, string[]>; requestId: string; type: string };
    expect(Object.keys(problem.errors).sort()).toEqual([...fields].sort());
    expect(problem.requestId).toBeTruthy();
  });

  it("answers malformed JSON with 400 problem+json", async () => {
    const res = await testApp().request("/things", { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("maps AppError codes to statuses and keeps the caller's request id", async () => {
    const res = await testApp().request("/teapot", { headers: { "x-request-id": "abc-123" } });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ status: 409, title: "Conflict", detail: "already brewing", requestId: "abc-123" });
    expect(res.headers.get("x-request-id")).toBe("abc-123");
  });

  it("hides unknown errors behind a 500 without internals", async () => {
    const res = await testApp().request("/boom");
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain("secret internals");
  });

  it("answers unknown routes with 404 problem+json", async () => {
    const res = await testApp().request("/nowhere");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("access log", () => {
  it.each([
    ["a success", 201, "debug", "/things", json({ name: "a", count: 2 })],
    ["a health check", 200, "debug", "/healthz", {}],
    ["a client's mistake", 400, "info", "/things", json({ count: 1 })],
    ["a conflict", 409, "info", "/teapot", {}],
    ["a failure", 500, "info", "/boom", {}],
  ])("logs %s (%i) at %s", async (_case, status, level, path, init) => {
    const lines: { level: number; msg: string; status?: number }[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    const res = await testApp(undefined, pino({ level: "debug" }, sink)).request(path, init);
    expect(res.status).toBe(status);
    expect(lines.filter((l) => l.msg === "request").map((l) => [l.status, pino.levels.labels[l.level]])).toEqual([[status, level]]);
  });
});

describe("app token", () => {
  it.each([
    ["no token", {}],
    ["a wrong token", { "dapr-api-token": "wrong" }],
    ["a token of another length", { "dapr-api-token": "s3cret-but-longer" }],
  ])("refuses %s with 401", async (_case, headers) => {
    const res = await testApp("s3cret").request("/teapot", { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("lets the sidecar's token through and leaves /healthz open", async () => {
    const app = testApp("s3cret");
    expect((await app.request("/teapot", { headers: { "dapr-api-token": "s3cret" } })).status).toBe(409);
    expect((await app.request("/healthz")).status).toBe(200);
  });

  it("reports its requests at /metrics by route pattern (not path), open to Prometheus without the app token", async () => {
    const app = testApp("secret-token");
    app.get("/books/:isbn", (c) => c.json({ isbn: c.req.param("isbn") }));
    for (const isbn of ["9780000000001", "9780000000002"]) await app.request(`/books/${isbn}`, { headers: { "dapr-api-token": "secret-token" } });
    const res = await app.request("/metrics");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/quire_http_request_duration_seconds_count\{[^}]*route="\/books\/:isbn"[^}]*status="200"[^}]*\} 2/);
    expect(text).not.toContain("9780000000001");
  });
});
