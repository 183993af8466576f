import type { AppEnv } from "@quire/kit";
import { Hono } from "hono";

// The cron input binding's calls: daprd POSTs to /<binding name> on schedule (its body says
// nothing we need). It may first ask OPTIONS to learn whether the app takes the binding, and
// anything but 404 means yes. A sweep that failed on some order answers 500 (and is logged);
// the next run retries it.
export function sweepRoutes(sweep: () => Promise<object>, binding: string) {
  return new Hono<AppEnv>()
    .options(`/${binding}`, (c) => c.body(null, 204))
    .post(`/${binding}`, async (c) => c.json(await sweep()));
}
