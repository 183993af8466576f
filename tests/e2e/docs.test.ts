import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { api, cluster } from "../harness/client.ts";
import { contractOf } from "../harness/contract.ts";
import { repoRoot } from "../../scripts/topology.ts";

// The API and the events, documented from the code, as the running gateway serves them.
describe("the documents", () => {
  it("serves the OpenAPI document of the public API", async () => {
    const res = await api("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/books", "/api/checkout", "/api/orders/{id}", "/api/recommendations/{isbn}", "/api/admin/stock/{isbn}"]));
  });

  it("serves the AsyncAPI document that packages/contracts/asyncapi.json holds", async () => {
    const res = await api("/api/asyncapi.json");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(readFileSync(join(repoRoot, "packages/contracts/asyncapi.json"), "utf8")));
  });

  it("serves the docs page and its script from the gateway", async () => {
    const page = await api("/api/docs");
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain('src="/api/docs/scalar.js"');
    expect((await api("/api/docs/scalar.js")).status).toBe(200);
  });

  // The check every api() call makes would pass anything if it were broken: it must refuse these.
  it("the contract check refuses answers the document does not describe", async () => {
    const contract = await contractOf(cluster().gatewayUrl);
    const json = (body: unknown, status = 200, type = "application/json") => new Response(JSON.stringify(body), { status, headers: { "content-type": type } });
    expect(await contract.check("GET", "/api/books/9781000000016", json({ isbn: 1 }))).not.toEqual([]);
    expect(await contract.check("GET", "/api/books", json({ items: [], page: 1, pageSize: 20, total: 0 }, 418))).not.toEqual([]);
    expect(await contract.check("GET", "/api/books/9781000000016", json({ detail: "x" }, 404, "application/json"))).not.toEqual([]);
    expect(await contract.check("GET", "/api/nothing", json({}, 200))).not.toEqual([]);
    expect(await contract.check("GET", "/api/books", json({ items: [], page: 1, pageSize: 20, total: 0 }))).toEqual([]);
  });
});
