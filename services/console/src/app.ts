import { readFileSync } from "node:fs";
import { AppError, createServiceApp, requireAppToken, toProblem, type Logger } from "@quire/kit";
import { secureHeaders } from "hono/secure-headers";
import type { GraphRenderer } from "./adapters/graphviz.ts";
import type { Traces } from "./adapters/jaeger.ts";
import type { Metrics } from "./adapters/prometheus.ts";
import type { DeadLetterShelves } from "./domain/dead-letter-log.ts";
import { ErrorPage } from "./pages/layout.tsx";
import { deadLettersRoutes } from "./routes/dead-letters.routes.tsx";
import { eventsRoutes } from "./routes/events.routes.ts";
import { healthRoutes } from "./routes/health.routes.tsx";
import { mapRoutes } from "./routes/map.routes.tsx";
import { tracesRoutes } from "./routes/traces.routes.tsx";

export type ConsoleDeps = {
  metrics: Metrics;
  traces: Traces;
  graphs: GraphRenderer;
  shelves: DeadLetterShelves;
  // The Dapr runtime's version, as the console's own sidecar reports it.
  runtimeVersion: () => Promise<string>;
  logger: Logger;
  // What the console's sidecar presents when it delivers a dead letter; absent only in unit tests.
  appToken?: string;
};

const stylesheet = readFileSync(new URL("./assets/style.css", import.meta.url), "utf8");

// The ops console: what the sidecars report, read from Prometheus and Jaeger, and the dead letters
// its own sidecar delivers. The pages are for people on this machine (127.0.0.1, never behind the
// public gateway, no app invokes it); only the event routes need the sidecar's app token.
export function createApp({ metrics, traces, graphs, shelves, runtimeVersion, logger, appToken }: ConsoleDeps) {
  const app = createServiceApp({ service: "console", logger });
  if (appToken) app.use("/events/*", requireAppToken(appToken));
  // No script at all, and styles only from the stylesheet: the SVGs are drawn with attributes.
  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'self'"], scriptSrc: ["'none'"], styleSrc: ["'self'"], imgSrc: ["'self'", "data:"], formAction: ["'self'"], frameAncestors: ["'none'"] },
    }),
  );
  app.get("/assets/style.css", (c) => c.body(stylesheet, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=300" }));
  app
    .route("/", mapRoutes(metrics, graphs))
    .route("/", tracesRoutes(traces))
    .route("/", healthRoutes(metrics, traces, runtimeVersion))
    .route("/", deadLettersRoutes(metrics, shelves))
    .route("/", eventsRoutes(shelves, logger));

  // People get a page that says what happened; programs (no text/html in Accept) get problem+json.
  app.onError((err, c) => {
    const problem = err instanceof AppError ? err : new AppError("INTERNAL", "Something went wrong in the console; it was logged.", undefined, { cause: err });
    if (problem.status >= 500 && problem.code !== "UNAVAILABLE") logger.error({ err, requestId: c.get("requestId"), path: c.req.path }, "request failed");
    if (c.req.header("accept")?.includes("text/html")) return c.html(ErrorPage({ status: problem.status, message: problem.message, errors: problem.errors }), problem.status);
    return c.json(toProblem(problem, c.get("requestId") ?? "unknown"), problem.status, { "content-type": "application/problem+json" });
  });
  return app;
}
