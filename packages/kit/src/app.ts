import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { requestId, type RequestIdVariables } from "hono/request-id";
import type { Logger } from "pino";
import { requireAppToken } from "./app-token.ts";
import { AppError, codeForStatus, toProblem } from "./errors.ts";
import { httpRequestDuration, labelService, metricsText } from "./metrics.ts";
import { currentTrace, newTrace, parseTraceparent, withTrace } from "./trace.ts";

export type AppEnv = { Variables: RequestIdVariables };

export type Health = { ok: boolean; details?: Record<string, unknown> };

export type ServiceAppOptions = {
  service: string;
  logger: Logger;
  // The token the sidecar presents on every call (APP_API_TOKEN); absent only in unit tests.
  appToken?: string;
  // Health of what the service depends on; /healthz answers 503 while ok is false.
  health?: () => Promise<Health>;
};

// The base every Quire service builds on: request ids, the request's trace (continued from the
// caller's traceparent, or begun here), JSON access logs, /healthz, the app-token lock and one
// problem+json error path for everything that goes wrong.
export function createServiceApp<E extends AppEnv = AppEnv>({ service, logger, appToken, health }: ServiceAppOptions) {
  const app = new Hono<E>();
  labelService(service);

  app.use(requestId({ headerName: "x-request-id" }));
  app.use(async (c, next) => {
    const trace = parseTraceparent(c.req.header("traceparent")) ?? newTrace();
    await withTrace(trace, async () => {
      const started = performance.now();
      await next();
      c.header("traceparent", trace.traceparent);
      // The route's pattern, not its path: one series per route, whatever the ISBNs and ids.
      httpRequestDuration.observe({ route: c.req.routePath, method: c.req.method, status: String(c.res.status) }, (performance.now() - started) / 1000);
      // A line per answered request costs CPU here and again in every process relaying the output
      // (about 2 ms per public read), and traces and the histogram above record each one anyway:
      // at info only what went wrong. Health checks and scrapes come every few seconds: debug.
      const routine = c.res.status < 400 || c.req.path === "/healthz" || c.req.path === "/metrics";
      logger[routine ? "debug" : "info"]({ requestId: c.get("requestId"), method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, "request");
    });
  });
  if (appToken) app.use(requireAppToken(appToken, ["/healthz", "/metrics"]));

  // For Prometheus, on the app's own port (127.0.0.1): what the app did, beside its sidecar's view.
  app.get("/metrics", async (c) => {
    const { body, contentType } = await metricsText();
    return c.body(body, 200, { "content-type": contentType });
  });

  app.get("/healthz", async (c) => {
    const { ok, details } = health ? await health() : { ok: true, details: {} };
    return c.json({ status: ok ? "ok" : "degraded", service, ...details }, ok ? 200 : 503);
  });

  app.notFound((c) => {
    throw new AppError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`);
  });

  app.onError((err, c) => {
    const appError = asAppError(err);
    if (appError.status >= 500) {
      // Unknown failures are logged with their cause; the client gets the problem without a stack.
      logger.error({ err, requestId: c.get("requestId"), path: c.req.path }, "request failed");
    }
    return c.json(toProblem(appError, c.get("requestId") ?? "unknown", currentTrace()?.traceId), appError.status, {
      "content-type": "application/problem+json",
    });
  });

  return app;
}

function asAppError(err: Error): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    // Hono raises these itself, e.g. for malformed JSON or an oversized body.
    // zod-openapi refuses a body of another media type than the route's with a bare 415: say which.
    const message = err.status === 415 ? "This route takes a JSON body: send it with Content-Type: application/json." : err.message || "Request rejected";
    return new AppError(codeForStatus(err.status), message, undefined, { cause: err });
  }
  return new AppError("INTERNAL", "Something went wrong on our side; the error was logged.", undefined, { cause: err });
}
