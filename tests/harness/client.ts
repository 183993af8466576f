import { randomUUID } from "node:crypto";
import { expect, inject } from "vitest";

import type { ClusterInfo } from "./cluster.ts";

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

// Many shoppers, signed up a few at a time: a test about checkouts should not first be a load
// test of password hashing (scrypt is CPU-bound by design).
export async function newShoppers(count: number, atOnce = 10): Promise<Shopper[]> {
  const made: Shopper[] = [];
  while (made.length < count) made.push(...(await Promise.all(Array.from({ length: Math.min(atOnce, count - made.length) }, () => newShopper()))));
  return made;
}

export async function api(path: string, init: RequestInit & { json?: unknown; shopper?: Shopper } = {}): Promise<Response> {
  const { json, shopper, headers, ...rest } = init;
  const h = new Headers(headers);
  if (json !== undefined) h.set("content-type", "application/json");
  if (shopper) h.set("authorization", `Bearer ${shopper.token}`);
  return fetch(`${cluster().gatewayUrl}${path}`, { ...rest, headers: h, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
}

// Asserts an RFC 9457 problem answer and returns its body.
export async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const body = (await res.json()) as { type: string; title: string; status: number; detail: string; requestId: string; errors?: Record<string, string[]> };
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String), requestId: expect.any(String) });
  return body;
}
