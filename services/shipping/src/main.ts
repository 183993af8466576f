import { TOPICS } from "@quire/contracts";
import { connectSidecar, createLogger, DaprPublisher, DaprStateStore, startServer } from "@quire/kit";
import { createApp } from "./app.ts";
import { ShippingService } from "./domain/shipping-service.ts";
import { env } from "./env.ts";

const logger = createLogger("shipping", env.LOG_LEVEL);
const dapr = await connectSidecar({ host: env.DAPR_HOST, httpPort: env.DAPR_HTTP_PORT, apiToken: env.DAPR_API_TOKEN });
const shipping = new ShippingService(new DaprStateStore(dapr, env.STATE_STORE), new DaprPublisher(dapr, env.PUBSUB_COMPONENT, TOPICS.shipments));

startServer(createApp({ shipping, logger, appToken: env.APP_API_TOKEN }), { port: env.PORT, hostname: env.HOST, logger });
