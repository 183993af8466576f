export { bookSchema, isbnSchema, type Book } from "./book.ts";
export {
  cloudEventSchema,
  eventKey,
  eventSchemas,
  orderCancelledSchema,
  orderItemSchema,
  orderPaidSchema,
  orderPlacedSchema,
  orderShippedSchema,
  parseEvent,
  TOPICS,
  type CloudEvent,
  type EventData,
  type EventType,
  type OrderItem,
} from "./events.ts";
export { eventJsonSchemas } from "./json-schema.ts";
