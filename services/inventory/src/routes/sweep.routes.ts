import type { AppEnv } from "@quire/kit";
import { Hono } from "hono";
import type { InventoryService } from "../domain/inventory-service.ts";

// The cron input binding's calls: daprd POSTs to /<binding name> on schedule (its body says
// nothing we need). It may first ask OPTIONS to learn whether the app takes the binding, and
// anything but 404 means yes.
export function sweepRoutes(inventory: InventoryService, binding: string) {
  return new Hono<AppEnv>()
    .options(`/${binding}`, (c) => c.body(null, 204))
    .post(`/${binding}`, async (c) => c.json({ released: await inventory.sweep() }));
}
