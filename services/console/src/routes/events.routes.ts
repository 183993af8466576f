import { DEAD_LETTER_TOPICS } from "@quire/contracts";
import { eventRoute, type AppEnv, type Logger } from "@quire/kit";
import { Hono } from "hono";
import type { DeadLetterShelves } from "../domain/dead-letter-log.ts";

// The console subscribes to every dead-letter topic (dapr/resources/subscriptions.yaml), one route
// each, and records whatever lands there, whatever its type.
export function eventsRoutes(shelves: DeadLetterShelves, logger: Logger) {
  const app = new Hono<AppEnv>();
  for (const topic of DEAD_LETTER_TOPICS) app.post(`/events/${topic}`, eventRoute({ "*": (message) => shelves.record(topic, message) }, logger));
  return app;
}
