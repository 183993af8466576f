import { $ } from "@hono/zod-openapi";
import { api } from "@quire/contracts";
import { caller, openApiRoutes, type CallerEnv } from "@quire/kit";
import type { FeedService } from "../domain/feed-service.ts";

export function notificationsRoutes(feed: FeedService) {
  return $(openApiRoutes<CallerEnv>().use("/api/notifications", caller)).openapi(api.listNotifications, async (c) => c.json({ items: await feed.list(c.get("userId")) }, 200));
}
