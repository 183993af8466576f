import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SidecarInvoker } from "../src/invoker.ts";

// A stand-in for daprd's /v1.0/invoke endpoint: answers by path, records what arrived and on
// which connection.
type Seen = { method: string; url: string; headers: IncomingMessage["headers"]; body: string; connection: number };
const seen: Seen[] = [];
let server: Server;
let invoker: SidecarInvoker;
let connections = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const path = req.url!.split("?")[0]!;
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body, connection: (req.socket as unknown as { n: number }).n });
      if (path.endsWith("/created")) return res.writeHead(201, { "content-type": "application/json", location: "/api/orders/1" }).end('{"orderId":"1"}');
      if (path.endsWith("/page")) return res.writeHead(303, [["location", "/cart"], ["set-cookie", "a=1"], ["set-cookie", "b=2"]]).end();
      if (path.endsWith("/empty")) return res.writeHead(204).end();
      if (path.endsWith("/slow")) return void setTimeout(() => res.end("late"), 2000);
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  server.on("connection", (socket) => ((socket as unknown as { n: number }).n = ++connections));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  invoker = new SidecarInvoker({ host: "127.0.0.1", httpPort: (server.address() as AddressInfo).port, apiToken: "sidecar-token" });
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const call = (method: string, target: string, body?: string, signal?: AbortSignal) =>
  invoker.forward("orders", { method, target, headers: new Headers({ "x-request-id": "r1" }), body: body ? new TextEncoder().encode(body).buffer : undefined }, signal);

describe("service invocation through the sidecar", () => {
  it("sends the method, path, query, headers, the sidecar's token and the body to /v1.0/invoke", async () => {
    const res = await call("POST", "/api/checkout/created?x=1", '{"card":1}');
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe("/api/orders/1");
    expect(await res.json()).toEqual({ orderId: "1" });
    expect(seen.at(-1)).toMatchObject({ method: "POST", url: "/v1.0/invoke/orders/method/api/checkout/created?x=1", body: '{"card":1}' });
    expect(seen.at(-1)!.headers).toMatchObject({ "dapr-api-token": "sidecar-token", "x-request-id": "r1", "content-length": "10" });
  });

  it("hands a redirect back as it is, every Set-Cookie kept, instead of following it", async () => {
    const res = await call("POST", "/page");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/cart");
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });

  it("answers a 204 with no body", async () => {
    const res = await call("DELETE", "/empty");
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
  });

  it("keeps the connection to the sidecar open between calls", async () => {
    const before = connections;
    for (let i = 0; i < 5; i++) await (await call("GET", "/api/books/1")).json();
    expect(connections - before).toBeLessThanOrEqual(1);
    expect(new Set(seen.slice(-5).map((s) => s.connection)).size).toBe(1);
  });

  it("gives up when the caller's signal fires", async () => {
    await expect(call("GET", "/slow", undefined, AbortSignal.timeout(100))).rejects.toThrow();
  });
});
