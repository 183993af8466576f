import type { Target } from "../src/adapters/prometheus.ts";
import { deadLetterQueries } from "../src/domain/dead-letters.ts";
import { mapQueries, type MapSamples } from "../src/domain/service-map.ts";
import { versionQueries } from "../src/domain/versions.ts";
import { sample as s, trace } from "./fakes.ts";

// Five minutes of a busy shop, as the sidecars' metrics would put it.
export const shopSamples: MapSamples = {
  instances: ["gateway", "storefront", "catalog", "orders", "payments", "inventory", "shipping", "notifications", "users"].map((app) =>
    s(app === "orders" ? 2 : 1, { app_id: app }),
  ),
  invokes: [
    s(2.5, { app_id: "gateway", dst_app_id: "orders" }),
    s(10, { app_id: "gateway", dst_app_id: "catalog" }),
    s(1.2, { app_id: "orders", dst_app_id: "payments" }),
    s(1.2, { app_id: "orders", dst_app_id: "inventory" }),
    s(0, { app_id: "gateway", dst_app_id: "users" }), // called earlier, not in this window
  ],
  responses: [
    s(2.5, { app_id: "gateway", src_app_id: "orders", status: "202" }),
    s(9.95, { app_id: "gateway", src_app_id: "catalog", status: "200" }),
    s(0.05, { app_id: "gateway", src_app_id: "catalog", status: "404" }),
    s(1.14, { app_id: "orders", src_app_id: "payments", status: "200" }),
    s(0.06, { app_id: "orders", src_app_id: "payments", status: "402" }),
    s(1.2, { app_id: "orders", src_app_id: "inventory", status: "200" }),
    s(0, { app_id: "gateway", src_app_id: "users", status: "200" }),
  ],
  p99: [
    s(40, { app_id: "gateway", src_app_id: "orders" }),
    s(12, { app_id: "gateway", src_app_id: "catalog" }),
    s(130, { app_id: "orders", src_app_id: "payments" }),
    s(Number.NaN, { app_id: "orders", src_app_id: "inventory" }),
    s(Number.NaN, { app_id: "gateway", src_app_id: "users" }),
  ],
  publishes: [
    s(1, { app_id: "orders", topic: "orders", success: "true" }),
    s(0, { app_id: "orders", topic: "orders", success: "false" }),
    s(0.5, { app_id: "shipping", topic: "shipments", success: "true" }),
  ],
  deliveries: [
    s(0.9, { app_id: "shipping", topic: "orders", process_status: "success" }),
    s(0.1, { app_id: "shipping", topic: "orders", process_status: "retry" }),
    s(1, { app_id: "notifications", topic: "orders", process_status: "success" }),
    s(0.5, { app_id: "orders", topic: "shipments", process_status: "success" }),
  ],
  stateOps: [
    s(3, { app_id: "orders", component: "orderstore", success: "true" }),
    s(1.95, { app_id: "inventory", component: "inventorystore", success: "true" }),
    s(0.05, { app_id: "inventory", component: "inventorystore", success: "false" }),
  ],
  // Read at start: users its signing key, payments its provider key.
  secretReads: [s(1, { app_id: "users", component: "secretstore", success: "true" }), s(2, { app_id: "payments", component: "secretstore", success: "true" })],
};

export const shopAnswers = {
  ...Object.fromEntries(Object.entries(mapQueries).map(([name, promql]) => [promql, shopSamples[name as keyof MapSamples]])),
  [deadLetterQueries.lastHour]: [s(2.9, { topic: "orders-deadletter" }), s(0, { topic: "shipments-deadletter" })],
  [deadLetterQueries.sinceStart]: [s(7, { topic: "orders-deadletter" }), s(1, { topic: "shipments-deadletter" })],
  [versionQueries.apps]: [s(1, { instance: "127.0.0.1:3001", service: "catalog", version: "0.1.0", runtime: "node v24.21.0" })],
  [versionQueries.go]: [s(1, { instance: "127.0.0.1:9100", version: "go1.26.8" }), s(1, { instance: "127.0.0.1:17090", version: "go1.26.8" })],
};

export const shopTargets: Target[] = [
  { job: "sidecars", instance: "127.0.0.1:9100", scrapeUrl: "http://127.0.0.1:9100/metrics", health: "up", lastError: "" },
  { job: "sidecars", instance: "127.0.0.1:9104", scrapeUrl: "http://127.0.0.1:9104/metrics", health: "down", lastError: "connection refused" },
  { job: "control-plane", instance: "127.0.0.1:17090", scrapeUrl: "http://127.0.0.1:17090/metrics", health: "up", lastError: "" },
  { job: "apps", instance: "127.0.0.1:3001", scrapeUrl: "http://127.0.0.1:3001/metrics", health: "up", lastError: "" },
];

const T0 = 1_764_410_000_000_000; // µs

// A checkout (with a declined card retried) and two catalog reads.
export const checkoutTrace = trace("4bf92f3577b34da6a3ce929d0e0e4736", T0, [
  { id: "a000000000000001", service: "gateway", op: "POST /api/checkout", at: 0, took: 80_000 },
  { id: "a000000000000004", parent: "a000000000000002", service: "payments", op: "/api/charges", at: 30_000, took: 12_000, error: true },
  { id: "a000000000000002", parent: "a000000000000001", service: "orders", op: "CallLocal/orders/api/checkout", at: 5_000, took: 70_000 },
  // Spans name an order where their call does, as daprd's do: the reservation's commit.
  { id: "a000000000000003", parent: "a000000000000002", service: "inventory", op: "CallLocal/inventory/reservations/ord_42/commit", at: 10_000, took: 15_000, tags: { "dapr.api": "POST /v1.0/invoke/inventory/method/reservations/ord_42/commit" } },
]);
export const catalogTraces = [1, 2].map((n) =>
  trace(`00000000000000000000000000000c0${n}`, T0 + n * 1_000_000, [{ id: `c00000000000000${n}`, service: "catalog", op: "GET /api/books", at: 0, took: 900 }]),
);
