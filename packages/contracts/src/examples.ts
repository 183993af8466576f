import type { EventData, EventType } from "./events.ts";

// One valid `data` per event type, written to schemas/examples/<type>.json beside the JSON Schemas
// so services in other languages (shipping in Go, recommendations in Python) test their own types
// against the same shapes. Typed here, so a contract change that leaves an example behind fails
// tsc; the zod schemas check what types cannot (patterns, ISBN check digits), in the tests.
export const eventExamples: { [T in EventType]: EventData<T> } = {
  "order.placed": {
    orderId: "o-2026-0001",
    userId: "u_alice",
    at: "2026-11-20T10:00:00.000Z",
    items: [{ isbn: "9780000000002", title: "Persuasion", quantity: 2, priceCents: 1199 }],
    totalCents: 2398,
  },
  "order.paid": { orderId: "o-2026-0001", userId: "u_alice", at: "2026-11-20T10:00:05.000Z", totalCents: 2398 },
  "order.cancelled": { orderId: "o-2026-0002", userId: "u_alice", at: "2026-11-20T10:01:00.000Z", reason: "card declined" },
  "order.shipped": { orderId: "o-2026-0001", userId: "u_alice", shipmentId: "0b6f8a52-6d5e-4c1e-9a51-2f1d8b7c3e10", at: "2026-11-20T10:00:06.000Z" },
};
