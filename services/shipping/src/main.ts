import { connectSidecar, createLogger, DaprOutbox, DaprStateStore, startServer } from "@quire/kit";
import { createApp } from "./app.ts";
import { ShippingService } from "./domain/shipping-service.ts";
import { env } from "./env.ts";

const logger = createLogger("shipping", env.LOG_LEVEL);
const dapr = await connectSidecar({ host: env.DAPR_HOST, httpPort: env.DAPR_HTTP_PORT, apiToken: env.DAPR_API_TOKEN });
// The same store for both: the claim, the shipment and its event live in one place.
const shipping = new ShippingService(new DaprStateStore(dapr, env.STATE_STORE), new DaprOutbox(dapr, env.STATE_STORE));

startServer(createApp({ shipping, logger, appToken: env.APP_API_TOKEN }), { port: env.PORT, hostname: env.HOST, logger });
