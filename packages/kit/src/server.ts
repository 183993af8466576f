import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import type { Logger } from "pino";

// Starts the HTTP server and closes it cleanly on SIGINT/SIGTERM so in-flight requests finish.
export function startServer(app: Hono<any>, { port, hostname, logger }: { port: number; hostname: string; logger: Logger }) {
  // Node closes an idle kept-alive connection after 5 s, and a client whose own timer runs late
  // (a busy event loop) sends its next request on it as it closes: "other side closed". Idle
  // connections stay open for a minute, as load balancers expect; headers must come within it.
  const serverOptions = { keepAliveTimeout: 65_000, headersTimeout: 66_000 };
  const server = serve({ fetch: app.fetch, port, hostname, serverOptions }, (info) => {
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
