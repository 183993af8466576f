import { connectSidecar, createLogger, DaprStateStore, startServer } from "@quire/kit";
import { createApp } from "./app.ts";
import seed from "./data/books.json" with { type: "json" };
import { BookRepository } from "./domain/book-repository.ts";
import { Catalog } from "./domain/catalog.ts";
import { env } from "./env.ts";

const logger = createLogger("catalog", env.LOG_LEVEL);
const dapr = await connectSidecar({ host: env.DAPR_HOST, httpPort: env.DAPR_HTTP_PORT, apiToken: env.DAPR_API_TOKEN });
const books = new BookRepository(new DaprStateStore(dapr, env.STATE_STORE));
logger.info({ result: await books.seedIfEmpty(seed) }, "catalog seed");
const catalog = new Catalog(await books.loadAll());
logger.info({ books: catalog.size }, "catalog loaded");

startServer(createApp({ catalog, logger, appToken: env.APP_API_TOKEN }), { port: env.PORT, hostname: env.HOST, logger });
