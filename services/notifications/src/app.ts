import { createServiceApp, type Logger } from "@quire/kit";
import type { FeedService } from "./domain/feed-service.ts";
import { eventsRoutes } from "./routes/events.routes.ts";
import { notificationsRoutes } from "./routes/notifications.routes.ts";

export type NotificationsDeps = { feed: FeedService; logger: Logger; appToken?: string };

export function createApp({ feed, logger, appToken }: NotificationsDeps) {
  const app = createServiceApp({ service: "notifications", logger, ...(appToken ? { appToken } : {}) });
  return app.route("/", notificationsRoutes(feed)).route("/", eventsRoutes(feed, logger));
}
