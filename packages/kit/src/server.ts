import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import type { Logger } from "pino";

// Starts the HTTP server and closes it cleanly on SIGINT/SIGTERM so in-flight requests finish.
export function startServer(app: Hono<any>, { port, hostname, logger }: { port: number; hostname: string; logger: Logger }) {
  const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
    logger.info({ port: info.port, hostname }, "listening");
  });
  const stop = (signal: string) => {
    logger.info({ signal }, "shutting down");
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return server;
}
