import { connectSidecar, createLogger, DaprStateStore, startServer } from "@quire/kit";
import { createApp } from "./app.ts";
import { FeedService } from "./domain/feed-service.ts";
import { env } from "./env.ts";

const logger = createLogger("notifications", env.LOG_LEVEL);
const dapr = await connectSidecar({ host: env.DAPR_HOST, httpPort: env.DAPR_HTTP_PORT, apiToken: env.DAPR_API_TOKEN });
const feed = new FeedService(new DaprStateStore(dapr, env.STATE_STORE));

startServer(createApp({ feed, logger, appToken: env.APP_API_TOKEN }), { port: env.PORT, hostname: env.HOST, logger });
