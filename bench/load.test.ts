import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedRate, fullSpeed } from "./load.ts";

let server: Server;
let url: string;
let seen = 0;
let tokens: (string | undefined)[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const n = ++seen;
    tokens.push(req.headers["dapr-api-token"] as string | undefined);
    // Every fifth answer is an error, each after 5 ms.
    setTimeout(() => res.writeHead(n % 5 === 0 ? 500 : 200).end("{}"), 5);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/books/1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("load", () => {
  it("sends at a fixed rate, whatever the answers, and counts only 2xx in latency", async () => {
    seen = 0;
    tokens = [];
    const result = await fixedRate({ url, headers: { "dapr-api-token": "t" } }, 200, 1);
    expect(seen).toBe(200);
    expect(result.failed).toBe(40);
    expect(result.throughput).toBeGreaterThan(100);
    expect(result.p50).toBeGreaterThanOrEqual(5);
    expect(tokens.every((t) => t === "t")).toBe(true);
  });

  it("at full speed keeps the connections busy and reports fractional milliseconds", async () => {
    seen = 0;
    const result = await fullSpeed({ url, headers: {} }, 4, 1);
    expect(result.throughput).toBeGreaterThan(100);
    expect(result.failed).toBeGreaterThan(0);
    expect(Number.isInteger(result.p50)).toBe(false);
  });
});
