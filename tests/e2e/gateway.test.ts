import { describe, expect, it } from "vitest";
import { api, expectProblem, newShopper } from "../harness/client.ts";

describe("gateway", () => {
  it("reports every service healthy, and names none of them to the public", async () => {
    const res = await api("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", service: "gateway" });
  });

  it("passes the caller's request id on and echoes it back, in problems too", async () => {
    const res = await api("/api/books/9780000000002", { headers: { "x-request-id": "test-req-123" } });
    expect(res.headers.get("x-request-id")).toBe("test-req-123");
    expect((await expectProblem(res, 404)).requestId).toBe("test-req-123");
  });

  it("rejects a body over the size limit with 413 before it reaches a service", async () => {
    const huge = JSON.stringify({ quantity: 1, padding: "x".repeat(200 * 1024) });
    const res = await api("/api/cart/items/9780000000002", { method: "PUT", shopper: await newShopper(), headers: { "content-type": "application/json" }, body: huge });
    await expectProblem(res, 413);
  });
});
