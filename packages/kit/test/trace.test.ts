import { DaprClient } from "@dapr/dapr";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { carryTrace } from "../src/dapr.ts";
import { AppError } from "../src/errors.ts";
import { createServiceApp } from "../src/app.ts";
import { createLogger } from "../src/logger.ts";
import { SidecarInvoker } from "../src/invoker.ts";
import { parseTraceparent, withTrace } from "../src/trace.ts";

const CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

function app() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  const logger = createLogger("t", "info", sink);
  const a = createServiceApp({ service: "t", logger });
  a.get("/ok", (c) => c.json({ ok: true }));
  a.get("/fail", () => {
    throw new AppError("CONFLICT", "no");
  });
  return { a, lines };
}

describe("a request's trace", () => {
  it("continues the caller's traceparent and answers with it", async () => {
    const res = await app().a.request("/ok", { headers: { traceparent: CALLER } });
    expect(res.headers.get("traceparent")).toBe(CALLER);
  });

  it.each([
    ["none", undefined],
    ["a malformed one", "00-xyz-00f067aa0ba902b7-01"],
    ["an all-zero trace id", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"],
  ])("begins a new one when the caller sends %s", async (_case, traceparent) => {
    const res = await app().a.request("/ok", traceparent ? { headers: { traceparent } } : {});
    const begun = parseTraceparent(res.headers.get("traceparent") ?? undefined);
    expect(begun).toBeDefined();
    expect(begun!.traceparent).not.toBe(traceparent);
  });

  it("puts the trace id in a problem answer", async () => {
    const res = await app().a.request("/fail", { headers: { traceparent: CALLER } });
    expect(await res.json()).toMatchObject({ status: 409, traceId: "4bf92f3577b34da6a3ce929d0e0e4736" });
  });

  it("carries it on every call to the sidecar: invocation, and whatever the SDK sends", async () => {
    const sent: Array<Record<string, string | string[] | undefined>> = [];
    const sidecar = createServer((req, res) => (sent.push(req.headers), res.end("{}")));
    await new Promise<void>((r) => sidecar.listen(0, "127.0.0.1", r));
    try {
      const httpPort = (sidecar.address() as AddressInfo).port;
      const res = await withTrace(parseTraceparent(CALLER), () => new SidecarInvoker({ host: "127.0.0.1", httpPort }).forward("x", { method: "GET", target: "/", headers: new Headers() }));
      await res.text();
    } finally {
      sidecar.closeAllConnections();
      sidecar.close();
    }
    // The SDK: its one HTTP method is wrapped; if @dapr/dapr moves it, carryTrace throws.
    const client = new DaprClient({ daprHost: "127.0.0.1", daprPort: "1" });
    carryTrace(client);
    const http = (client as unknown as { daprClient: { getClient: () => Promise<unknown> } }).daprClient;
    http.getClient = async () => async (_url: string, init: { headers: Record<string, string> }) => (sent.push(init.headers), new Response("[]"));
    await withTrace(parseTraceparent(CALLER), () => client.state.getBulk("store", ["k"]));
    await withTrace(parseTraceparent(CALLER), () => client.pubsub.publish("pubsub", "topic", { a: 1 }));
    await client.state.getBulk("store", ["k"]); // outside a request: nothing added
    expect(sent.map((h) => h.traceparent)).toEqual([CALLER, CALLER, CALLER, undefined]);
  });

  it("tags every log line written during the request with its trace; successes and health checks stay below info", async () => {
    const { a, lines } = app();
    await a.request("/ok", { headers: { traceparent: CALLER } });
    await a.request("/fail", { headers: { traceparent: CALLER } });
    await a.request("/healthz", { headers: { traceparent: CALLER } });
    expect(lines).toEqual([expect.objectContaining({ msg: "request", path: "/fail", status: 409, trace_id: "4bf92f3577b34da6a3ce929d0e0e4736", span_id: "00f067aa0ba902b7" })]);
  });
});
