import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { asyncApiDocument } from "@quire/contracts";
import type { AppEnv } from "@quire/kit";
import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";
import { openApiDocument } from "../docs/openapi-document.ts";
import { rateLimit, type RateLimitOptions } from "./rate-limit.ts";

const SCRIPT = "/api/docs/scalar.js";

// The docs page's script is the reference's own single-file bundle, served from here: Scalar's
// page loads it from a public CDN unless told where it is (`cdn`), and fetches web fonts from its
// own host unless `withDefaultFonts` is off. Nothing on the page comes from elsewhere. The bundle
// is not among the package's exports, so it is found beside the package's entry point.
const scalarBundle = () => readFileSync(new URL("./browser/standalone.js", `file://${createRequire(import.meta.url).resolve("@scalar/api-reference")}`));

// The API and the events, documented from the code: made once, at start.
export function docsRoutes({ rateLimit: limits }: { rateLimit: RateLimitOptions }) {
  const openapi = openApiDocument();
  const asyncapi = asyncApiDocument();
  const script = scalarBundle();
  const limited = rateLimit(limits);
  return new Hono<AppEnv>()
    .get("/api/openapi.json", limited, (c) => c.json(openapi))
    .get("/api/asyncapi.json", limited, (c) => c.json(asyncapi))
    .get(SCRIPT, limited, (c) => c.body(script, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=3600" }))
    .get(
      "/api/docs",
      limited,
      // Off too: the features that call Scalar's hosted services (its AI agent, developer tools).
      Scalar({
        url: "/api/openapi.json",
        cdn: SCRIPT,
        pageTitle: "Quire API",
        withDefaultFonts: false,
        telemetry: false,
        agent: { disabled: true },
        mcp: { disabled: true },
        showDeveloperTools: "never",
      }),
    );
}
