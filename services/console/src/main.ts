import { createLogger, startServer } from "@quire/kit";
import { GraphvizRenderer } from "./adapters/graphviz.ts";
import { JaegerTraces } from "./adapters/jaeger.ts";
import { PrometheusMetrics } from "./adapters/prometheus.ts";
import { createApp } from "./app.ts";
import { env } from "./env.ts";

const logger = createLogger("console", env.LOG_LEVEL);
const app = createApp({
  metrics: new PrometheusMetrics({ baseUrl: env.PROMETHEUS_URL }),
  traces: new JaegerTraces({ baseUrl: env.JAEGER_URL }),
  graphs: new GraphvizRenderer(),
  logger,
});

startServer(app, { port: env.PORT, hostname: env.HOST, logger });
logger.info({ jaeger: env.JAEGER_URL, prometheus: env.PROMETHEUS_URL }, "reading");
