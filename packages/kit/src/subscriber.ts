import type { Context } from "hono";
import { z } from "zod";
import type { Logger } from "pino";
import { eventsHandled } from "./metrics.ts";

const envelopeSchema = z.object({ id: z.string().min(1), type: z.string().min(1), data: z.unknown() });
export type Envelope = z.infer<typeof envelopeSchema>;

// A subscriber's answer to Dapr: SUCCESS acknowledges, RETRY redelivers (the sidecar's inbound
// retries, dapr/resources/resiliency.yaml; after them, the subscription's dead-letter topic),
// DROP discards a message that can never be processed.
type Status = "SUCCESS" | "RETRY" | "DROP";

export type EventHandler = (event: Envelope) => Promise<void>;

// Turns a map of CloudEvent type → handler into the route Dapr delivers a topic to. Handlers must
// be idempotent: a message can arrive twice, and they dedupe by event id. A handler under "*"
// takes every type (counted as "*": the types on such a topic are whatever a sender chose).
export function eventRoute(handlers: Record<string, EventHandler>, logger: Logger) {
  return async (c: Context) => {
    const raw = await c.req.json().catch(() => undefined);
    const parsed = envelopeSchema.safeParse(raw);
    if (!parsed.success) return answer(c, "DROP", logger, undefined, "malformed CloudEvent");
    const type = Object.hasOwn(handlers, parsed.data.type) ? parsed.data.type : "*";
    const handler = Object.hasOwn(handlers, type) ? handlers[type] : undefined;
    if (!handler) return answer(c, "SUCCESS", logger);
    try {
      await handler(parsed.data);
      return answer(c, "SUCCESS", logger, type);
    } catch (err) {
      if (err instanceof z.ZodError) return answer(c, "DROP", logger, type, `invalid ${type} payload`, { err, eventId: parsed.data.id });
      logger.warn({ err, eventId: parsed.data.id, type }, "event handling failed; Dapr will redeliver");
      return answer(c, "RETRY", logger, type);
    }
  };
}

// Counted by the event types this app handles (a bounded set), never by anything a sender chose.
function answer(c: Context, status: Status, logger: Logger, type?: string, why?: string, context: { err?: unknown; eventId?: string } = {}) {
  if (type) eventsHandled.inc({ type, outcome: status.toLowerCase() });
  // Dropped is not lost: Dapr sends it to the subscription's dead-letter topic.
  if (why) logger.warn({ ...context, why }, "dropping event");
  return c.json({ status });
}

