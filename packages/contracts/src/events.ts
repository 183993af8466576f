import { z } from "zod";
import { isbnSchema } from "./book.ts";
import { cancellationReasonSchema } from "./orders.ts";

// Order lifecycle events. They travel as CloudEvents whose `type` is the event name; their `data`
// is the payload below. orders publishes placed/paid/cancelled on the "orders" topic and shipping
// publishes shipped on the "shipments" topic, each after writing what it announces; one topic per
// publisher, so consumers route by `type`.
export const TOPICS = { orders: "orders", shipments: "shipments" } as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

// Where a message goes when a subscriber gave up on it (each subscription's deadLetterTopic in
// dapr/resources/subscriptions.yaml; tests/topology.test.ts keeps the two in step).
export const deadLetterTopic = (topic: Topic) => `${topic}-deadletter` as const;
export const DEAD_LETTER_TOPICS = Object.values(TOPICS).map(deadLetterTopic);

const id = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

export const orderItemSchema = z.object({
  isbn: isbnSchema,
  title: z.string(),
  quantity: z.number().int().min(1),
  priceCents: z.number().int().nonnegative(),
});

const base = { orderId: id, userId: id, at: z.iso.datetime() };

export const orderPlacedSchema = z.object({ ...base, items: z.array(orderItemSchema).min(1), totalCents: z.number().int().nonnegative() });
// order.paid says what was paid for: a consumer of sales (recommendations' "readers also bought")
// learns it from the event itself, rather than asking orders back for an order it was just told about.
export const orderPaidSchema = z.object({ ...base, items: z.array(orderItemSchema).min(1), totalCents: z.number().int().nonnegative() });
export const orderCancelledSchema = z.object({ ...base, reason: cancellationReasonSchema });
export const orderShippedSchema = z.object({ ...base, shipmentId: z.string().min(1) });

export const eventSchemas = {
  "order.placed": orderPlacedSchema,
  "order.paid": orderPaidSchema,
  "order.cancelled": orderCancelledSchema,
  "order.shipped": orderShippedSchema,
} as const;

export type EventType = keyof typeof eventSchemas;

// Which events travel on which topic (one publisher per topic: orders, then shipping).
export const EVENTS_BY_TOPIC = {
  orders: ["order.placed", "order.paid", "order.cancelled"],
  shipments: ["order.shipped"],
} as const satisfies Record<Topic, readonly EventType[]>;
export type EventData<T extends EventType> = z.infer<(typeof eventSchemas)[T]>;
export type OrderItem = z.infer<typeof orderItemSchema>;

// What a subscriber receives from Dapr: a CloudEvent envelope around one of the payloads.
export const cloudEventSchema = z.object({
  id: z.string().min(1),
  type: z.string(),
  source: z.string().optional(),
  data: z.unknown(),
});
export type CloudEvent = z.infer<typeof cloudEventSchema>;

// An order event's identity: an order has at most one event of each type. The same event can
// arrive more than once, and with different CloudEvent ids (a redelivery, or an event announced
// again because its first announcement may have been lost: see orders' announcements), so
// consumers dedupe by this key, never by the CloudEvent id.
export function eventKey(type: EventType, orderId: string): string {
  return `${type}:${orderId}`;
}

export function parseEvent<T extends EventType>(type: T, data: unknown): EventData<T> {
  return eventSchemas[type].parse(data) as EventData<T>;
}
