import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, inject } from "vitest";

import type { ClusterInfo } from "./cluster.ts";
import { appAction, processAction } from "./control.ts";
import { contractOf } from "./contract.ts";
import { repoRoot } from "../../scripts/topology.ts";

let own: ClusterInfo | undefined;
// A test file that boots its own cluster (crash tests) points the helpers at it.
export const useCluster = (info: ClusterInfo | undefined) => void (own = info);
export const cluster = (): ClusterInfo => own ?? inject("cluster");

// A signed-in user: the id the services know them by and the token the gateway checks.
export type Shopper = { id: string; email: string; token: string };

// A fresh shopper per test (registered and signed in through the gateway), so tests never share a cart.
export async function newShopper(): Promise<Shopper> {
  const email = `shopper-${randomUUID()}@example.com`;
  const password = `pw-${randomUUID()}`;
  const registered = await api("/api/users", { method: "POST", json: { email, password, name: "Test Shopper" } });
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}: ${await registered.text()}`);
  const { id } = (await registered.json()) as { id: string };
  const session = await api("/api/sessions", { method: "POST", json: { email, password } });
  if (session.status !== 200) throw new Error(`sign-in answered ${session.status}: ${await session.text()}`);
  return { id, email, token: ((await session.json()) as { token: string }).token };
}

// The shop's staff account, which users makes at start from the development secrets
// (scripts/secrets.sh writes them to .run/dev-secrets.json). Signed in through the gateway once
// per cluster (a crash test's cluster has its own gateway), and again before the token gets old.
const admins = new Map<string, { staff: Shopper; at: number }>();
const ADMIN_TOKEN_REUSE_MS = 30 * 60_000;

export async function admin(): Promise<Shopper> {
  const { gatewayUrl } = cluster();
  const cached = admins.get(gatewayUrl);
  if (cached && Date.now() - cached.at < ADMIN_TOKEN_REUSE_MS) return cached.staff;
  const staff = await signInAdmin(gatewayUrl);
  admins.set(gatewayUrl, { staff, at: Date.now() });
  return staff;
}

// Signs the staff account in at a gateway (also from the global teardown, which has no inject()).
export async function signInAdmin(gatewayUrl: string): Promise<Shopper> {
  const secrets = JSON.parse(readFileSync(join(repoRoot, ".run/dev-secrets.json"), "utf8")) as Record<string, string>;
  const email = secrets["users-admin-email"];
  const password = secrets["users-admin-password"];
  if (!email || !password) throw new Error("no users-admin-email/users-admin-password in .run/dev-secrets.json: run scripts/secrets.sh");
  const session = await fetch(`${gatewayUrl}/api/sessions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  if (session.status !== 200) throw new Error(`the admin's sign-in answered ${session.status}: ${await session.text()}`);
  const { token } = (await session.json()) as { token: string };
  return { id: subjectOf(token), email, token };
}

// A token's subject, read without checking it: the gateway has just issued it to us.
const subjectOf = (token: string): string => (JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as { sub: string }).sub;

// Many shoppers, signed up a few at a time: a test about checkouts should not first be a load
// test of password hashing (scrypt is CPU-bound by design).
export async function newShoppers(count: number, atOnce = 10): Promise<Shopper[]> {
  const made: Shopper[] = [];
  while (made.length < count) made.push(...(await Promise.all(Array.from({ length: Math.min(atOnce, count - made.length) }, () => newShopper()))));
  return made;
}

// Every answer is checked against the OpenAPI document the gateway serves (harness/contract.ts):
// a status, content type or body the document does not describe fails the test that got it.
export async function api(path: string, init: RequestInit & { json?: unknown; shopper?: Shopper } = {}): Promise<Response> {
  const { json, shopper, headers, ...rest } = init;
  const h = new Headers(headers);
  if (json !== undefined) h.set("content-type", "application/json");
  if (shopper) h.set("authorization", `Bearer ${shopper.token}`);
  const { gatewayUrl } = cluster();
  const res = await fetch(`${gatewayUrl}${path}`, { ...rest, headers: h, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
  const problems = await (await contractOf(gatewayUrl)).check((rest.method ?? "GET").toUpperCase(), path, res);
  expect(problems, "answers must match the OpenAPI document (GET /api/openapi.json)").toEqual([]);
  return res;
}

// Asserts an RFC 9457 problem answer and returns its body.
export async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const body = (await res.json()) as { type: string; title: string; status: number; detail: string; requestId: string; errors?: Record<string, string[]> };
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String), requestId: expect.any(String) });
  return body;
}

// Takes an app of the suite's cluster down with its sidecar (SIGTERM), or brings both back.
export const stopApp = (appId: string) => appAction(inject("control"), appId, "stop");
export const startApp = (appId: string) => appAction(inject("control"), appId, "start");
// Kills one process of the suite's cluster (SIGKILL: "orders", "orders-daprd"), or starts it again.
export const crashProcess = (name: string) => processAction(inject("control"), name, "crash");
export const restartProcess = (name: string) => processAction(inject("control"), name, "restart");
