import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { eventSchemas, type EventType } from "../events.ts";
import { json } from "./common.ts";

const eventTypes = Object.keys(eventSchemas) as [EventType, ...EventType[]];

// One line of the feed per order event; its id is the event's key, so a redelivery is not a second line.
export const notificationSchema = z
  .object({ id: z.string(), orderId: z.string(), type: z.enum(eventTypes), message: z.string(), createdAt: z.string() })
  .meta({ id: "Notification" });
export type Notification = z.infer<typeof notificationSchema>;

export const listNotifications = createRoute({
  operationId: "listNotifications",
  tags: ["Orders"],
  method: "get",
  path: "/api/notifications",
  summary: "The shopper's feed of order events",
  responses: { 200: json(z.object({ items: z.array(notificationSchema) }).meta({ id: "NotificationList" }), "The feed, newest first") },
});
