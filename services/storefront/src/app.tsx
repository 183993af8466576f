import { readFileSync } from "node:fs";
import { AppError, createServiceApp, toProblem, type Logger, type TokenVerifier } from "@quire/kit";
import { secureHeaders } from "hono/secure-headers";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ServiceUnavailable, type ShopClient } from "./adapters/shop-client.ts";
import { ErrorPage } from "./pages/account.tsx";
import { accountRoutes } from "./routes/account.routes.tsx";
import { browseRoutes } from "./routes/browse.routes.tsx";
import { cartRoutes } from "./routes/cart.routes.tsx";
import { ordersRoutes } from "./routes/orders.routes.tsx";
import { staffRoutes } from "./routes/staff.routes.tsx";
import { viewer } from "./routes/pages.ts";
import { requireCsrf, session, type StoreEnv } from "./routes/session.ts";

export type StorefrontDeps = { shop: ShopClient; verifier: TokenVerifier; logger: Logger; appToken?: string; secureCookies: boolean };

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), "utf8");
const assets = { "style.css": ["text/css", asset("style.css")], "order-status.js": ["text/javascript", asset("order-status.js")] } as const;

// Server-rendered pages over the same services the API reaches, through this app's sidecar.
export function createApp({ shop, verifier, logger, appToken, secureCookies }: StorefrontDeps) {
  const pages = createServiceApp<StoreEnv>({ service: "storefront", logger, ...(appToken ? { appToken } : {}) });
  pages.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"] },
    }),
  );
  pages.get("/assets/:name", (c) => {
    const found = assets[c.req.param("name") as keyof typeof assets];
    if (!found) throw new AppError("NOT_FOUND", "No such file.");
    return c.body(found[1], 200, { "content-type": `${found[0]}; charset=utf-8`, "cache-control": "public, max-age=300" });
  });
  pages.use(session(verifier, secureCookies), requireCsrf);
  pages.route("/", browseRoutes(shop, logger)).route("/", cartRoutes(shop)).route("/", accountRoutes(shop, secureCookies)).route("/", ordersRoutes(shop)).route("/", staffRoutes(shop));

  // People get a page that says what happened; programs (no text/html in Accept) get problem+json.
  pages.onError((err, c) => {
    const status: ContentfulStatusCode = err instanceof AppError ? err.status : err instanceof ServiceUnavailable ? 503 : 500;
    if (status >= 500) logger.error({ err, requestId: c.get("requestId"), path: c.req.path }, "page failed");
    const message =
      err instanceof AppError && status < 500
        ? err.message
        : status === 503
          ? "Part of the shop is not answering right now. Nothing was lost; please try again in a moment."
          : "Something went wrong on our side. It was logged; please try again.";
    if (!c.req.header("accept")?.includes("text/html")) {
      const problem = err instanceof AppError ? err : new AppError(status === 503 ? "UNAVAILABLE" : "INTERNAL", message);
      return c.json(toProblem(problem, c.get("requestId") ?? "unknown"), problem.status, { "content-type": "application/problem+json" });
    }
    return c.html(ErrorPage({ viewer: viewer(c), status, message }), status);
  });
  return pages;
}
