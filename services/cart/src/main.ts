import { connectSidecar, createLogger, DaprStateStore, startServer } from "@quire/kit";
import { CatalogLookup } from "./adapters/catalog-lookup.ts";
import { createApp } from "./app.ts";
import { CartService } from "./domain/cart-service.ts";
import { env } from "./env.ts";

const logger = createLogger("cart", env.LOG_LEVEL);
const dapr = await connectSidecar({ host: env.DAPR_HOST, httpPort: env.DAPR_HTTP_PORT, apiToken: env.DAPR_API_TOKEN });
const carts = new CartService(new DaprStateStore(dapr, env.STATE_STORE), new CatalogLookup(dapr, env.CATALOG_APP_ID), env.CART_TTL_SECONDS);

startServer(createApp({ carts, logger, appToken: env.APP_API_TOKEN }), { port: env.PORT, hostname: env.HOST, logger });
