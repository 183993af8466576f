import { caller, type CallerEnv } from "@quire/kit";
import { Hono } from "hono";
import type { FeedService } from "../domain/feed-service.ts";

export function notificationsRoutes(feed: FeedService) {
  return new Hono<CallerEnv>().use("/api/notifications", caller).get("/api/notifications", async (c) => c.json({ items: await feed.list(c.get("userId")) }));
}
