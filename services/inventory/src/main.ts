import { connectSidecar, createLogger, DaprStateStore, startServer } from "@quire/kit";
import { DaprCatalogIsbns } from "./adapters/catalog-isbns.ts";
import { createApp } from "./app.ts";
import { seedFromCatalog } from "./domain/catalog-seed.ts";
import { InventoryService } from "./domain/inventory-service.ts";
import { env } from "./env.ts";

const SEED_RETRY_MS = 2000;

const logger = createLogger("inventory", env.LOG_LEVEL);
const dapr = await connectSidecar({ host: env.DAPR_HOST, httpPort: env.DAPR_HTTP_PORT, apiToken: env.DAPR_API_TOKEN });
const state = new DaprStateStore(dapr, env.STATE_STORE);
const inventory = new InventoryService(state, { reservationTtlMs: env.RESERVATION_TTL_SECONDS * 1000 });
let seeded = false;

// Listen before seeding: the sidecar only finishes starting once the app port answers.
startServer(createApp({ inventory, logger, sweepBinding: env.SWEEP_BINDING, appToken: env.APP_API_TOKEN, seeded: () => seeded }), {
  port: env.PORT,
  hostname: env.HOST,
  logger,
});

const catalog = new DaprCatalogIsbns(dapr, env.CATALOG_APP_ID);
for (let attempt = 1; !seeded; attempt++) {
  try {
    logger.info({ created: await seedFromCatalog(state, catalog, env.INITIAL_STOCK) }, "stock seeded from the catalog");
    seeded = true;
  } catch (err) {
    // The catalog may still be starting; keep trying, and say so.
    logger.warn({ err, attempt }, `seeding from the catalog failed; retrying in ${SEED_RETRY_MS / 1000}s`);
    await new Promise((r) => setTimeout(r, SEED_RETRY_MS));
  }
}
