export { bookSchema, isbnSchema, type Book } from "./book.ts";
export {
  cloudEventSchema,
  DEAD_LETTER_TOPICS,
  deadLetterTopic,
  eventKey,
  eventSchemas,
  EVENTS_BY_TOPIC,
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
  type Topic,
} from "./events.ts";
export { asyncApiDocument } from "./asyncapi.ts";
export { eventExamples } from "./examples.ts";
export { eventJsonSchemas, recordJsonSchemas } from "./json-schema.ts";
export {
  CANCELLATION_REASONS,
  cancellationReasonSchema,
  orderStatusSchema,
  undoStepSchema,
  type CancellationReason,
  type OrderStatus,
  type UndoStep,
} from "./orders.ts";
export {
  chargeSchema,
  reservationLineSchema,
  reservationSchema,
  shipmentSchema,
  type Charge,
  type Reservation,
  type ReservationLine,
  type Shipment,
} from "./records.ts";
export * as api from "./api/index.ts";
