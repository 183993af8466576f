import type { EventData, EventType } from "./events.ts";

// One valid `data` of each event type, written to schemas/examples/<type>.json beside the JSON
// Schemas. Typed against the zod types, so a contract change that these no longer fit fails the
// type check; a service in another language validates them against the schemas and parses them
// with its own model, so a stale schema or model fails its tests too.
const orderId = "7f3c9a2e-5d1b-4c8e-9a6f-0b2d4e6f8a1c";
const userId = "u-4b8e2f1a";
const items = [
  { isbn: "9781000000016", title: "Pride and Prejudice", quantity: 2, priceCents: 399 },
  { isbn: "9781000000023", title: "Sense and Sensibility", quantity: 1, priceCents: 450 },
];
const totalCents = 2 * 399 + 450;

export const eventExamples: { [T in EventType]: EventData<T> } = {
  "order.placed": { orderId, userId, items, totalCents, at: "2026-11-20T10:00:00.000Z" },
  "order.paid": { orderId, userId, items, totalCents, at: "2026-11-20T10:00:02.000Z" },
  "order.cancelled": { orderId, userId, reason: "card declined", at: "2026-11-20T10:00:02.000Z" },
  "order.shipped": { orderId, userId, shipmentId: "s-9e1d7c3b", at: "2026-11-20T10:05:00.000Z" },
};
