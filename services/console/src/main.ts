import { createLogger, DaprStateStore, sidecarClient, startServer } from "@quire/kit";
import { GraphvizRenderer } from "./adapters/graphviz.ts";
import { JaegerTraces } from "./adapters/jaeger.ts";
import { PrometheusMetrics } from "./adapters/prometheus.ts";
import { ConsoleSidecar } from "./adapters/sidecar.ts";
import { createApp } from "./app.ts";
import { DeadLetterLog } from "./domain/dead-letter-log.ts";
import { env } from "./env.ts";

const logger = createLogger("console", env.LOG_LEVEL);
// The console answers even while its sidecar is down: that is when an operator needs it most.
const dapr = sidecarClient({ host: env.DAPR_HOST, httpPort: env.DAPR_HTTP_PORT, apiToken: env.DAPR_API_TOKEN });
const sidecar = new ConsoleSidecar(dapr, `http://${env.DAPR_HOST}:${env.DAPR_HTTP_PORT}`);
const app = createApp({
  metrics: new PrometheusMetrics({ baseUrl: env.PROMETHEUS_URL }),
  traces: new JaegerTraces({ baseUrl: env.JAEGER_URL }),
  graphs: new GraphvizRenderer(),
  shelves: sidecar.shelves(new DeadLetterLog(new DaprStateStore(dapr, env.STATE_STORE))),
  runtimeVersion: () => sidecar.runtimeVersion(),
  appToken: env.APP_API_TOKEN,
  logger,
});

startServer(app, { port: env.PORT, hostname: env.HOST, logger });
logger.info({ jaeger: env.JAEGER_URL, prometheus: env.PROMETHEUS_URL }, "reading");
