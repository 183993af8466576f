import { parseEvent, type EventType } from "@quire/contracts";
import { eventRoute, type AppEnv, type EventHandler, type Logger } from "@quire/kit";
import { Hono } from "hono";
import type { FeedService } from "../domain/feed-service.ts";
import { notificationOf } from "../domain/notification.ts";

// Every order event becomes a notification in its shopper's feed; the feed skips an event it
// already holds, so a redelivery changes nothing.
export function eventsRoutes(feed: FeedService, logger: Logger) {
  const notify =
    <T extends EventType>(type: T): EventHandler =>
    async (event) => {
      const data = parseEvent(type, event.data);
      await feed.add(data.userId, notificationOf(type, data));
    };
  return new Hono<AppEnv>()
    .post("/events/orders", eventRoute({ "order.placed": notify("order.placed"), "order.paid": notify("order.paid"), "order.cancelled": notify("order.cancelled") }, logger))
    .post("/events/shipments", eventRoute({ "order.shipped": notify("order.shipped") }, logger));
}
