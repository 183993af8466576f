import { createServiceApp, type Logger } from "@quire/kit";
import type { InventoryService } from "./domain/inventory-service.ts";
import { adminRoutes } from "./routes/admin.routes.ts";
import { inventoryRoutes } from "./routes/inventory.routes.ts";
import { reservationsRoutes } from "./routes/reservations.routes.ts";
import { sweepRoutes } from "./routes/sweep.routes.ts";

export type InventoryDeps = {
  inventory: InventoryService;
  logger: Logger;
  // The cron input binding's name, which is the route daprd calls.
  sweepBinding: string;
  appToken?: string;
  // False until the first-start seed is done; absent in unit tests.
  seeded?: () => boolean;
};

export function createApp({ inventory, logger, sweepBinding, appToken, seeded = () => true }: InventoryDeps) {
  // Unhealthy until seeded: daprd turns calls to an unhealthy app away, so nobody reserves or sets
  // stock before the first-start seed has written it (a stock change first would skip the seed).
  const health = async () => ({ ok: seeded(), details: { seeded: seeded() } });
  const app = createServiceApp({ service: "inventory", logger, health, ...(appToken ? { appToken } : {}) });
  return app
    .route("/", inventoryRoutes(inventory))
    .route("/", adminRoutes(inventory))
    .route("/", reservationsRoutes(inventory))
    .route("/", sweepRoutes(inventory, sweepBinding));
}
