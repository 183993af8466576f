import { createRoute } from "@hono/zod-openapi";
import { api } from "@quire/contracts";
import { z } from "zod";

// What the gateway answers itself, beside the routes it relays: its health and the documents.
export const healthSchema = z.object({ status: z.enum(["ok", "degraded"]), service: z.literal("gateway") }).meta({ id: "Health" });

const document = (description: string) => ({ description, content: { "application/json": { schema: z.looseObject({}) } } });
const tags = ["Documentation"];

export const gatewayRoutes = [
  createRoute({
    operationId: "health",
    tags: ["Health"],
    method: "get",
    path: "/healthz",
    summary: "Whether every service is up",
    description: "Answered from the last round of checks; which service is down goes to the gateway's log, not here.",
    responses: { 200: api.json(healthSchema, "Every service answers"), 503: api.json(healthSchema, "Some service is down") },
  }),
  createRoute({ operationId: "openApiDocument", tags, method: "get", path: "/api/openapi.json", summary: "This document (OpenAPI 3.1)", responses: { 200: document("The OpenAPI document") } }),
  createRoute({ operationId: "asyncApiDocument", tags, method: "get", path: "/api/asyncapi.json", summary: "The events (AsyncAPI 3)", responses: { 200: document("The AsyncAPI document") } }),
  createRoute({ operationId: "docsPage", tags, method: "get", path: "/api/docs", summary: "This document as a web page", responses: { 200: { description: "The page", content: { "text/html": { schema: z.string() } } } } }),
  createRoute({
    operationId: "docsScript",
    tags,
    method: "get",
    path: "/api/docs/scalar.js",
    summary: "The docs page's script, served from here (nothing is loaded from elsewhere)",
    responses: { 200: { description: "The script", content: { "text/javascript": { schema: z.string() } } } },
  }),
];
