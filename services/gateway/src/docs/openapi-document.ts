import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import { api } from "@quire/contracts";
import { isOpen, routeFor, type Route } from "../domain/routing.ts";
import { gatewayResponses, rateLimitHeaders, requestIdHeader, retryAfterHeader, type GatewayResponse } from "./gateway-responses.ts";
import { gatewayRoutes } from "./gateway-operations.ts";

type Response = { $ref?: string; headers?: Record<string, unknown> };
type Operation = { security?: unknown[]; responses: Record<string, Response>; requestBody?: unknown };
export type OpenApiDocument = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;

// The public API as clients see it through the gateway. The owners' parts come from the same
// route definitions the owners validate with (@quire/contracts); the gateway adds its own: who
// must sign in (from its routing table), what it refuses before a request reaches an owner, and
// the headers it puts on every answer. The gateway keeps paths as they are, so an owner's path is
// the public one; a definition the gateway does not relay is an error, not a silent gap.
export function openApiDocument(relayed: readonly RouteConfig[] = api.publicRoutes, own: readonly RouteConfig[] = gatewayRoutes): OpenApiDocument {
  const registry = new OpenAPIHono();
  for (const route of [...relayed, ...own]) registry.openAPIRegistry.registerPath(route);
  const doc = registry.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "Quire API",
      version: "1",
      description: "The online bookstore's public HTTP API, through its gateway. Money is integer cents. Errors are application/problem+json.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
  });
  doc.components = {
    ...doc.components,
    securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "The token from POST /api/sessions" } },
    headers: { ...rateLimitHeaders, ...requestIdHeader, ...retryAfterHeader },
    responses: Object.fromEntries(Object.entries(gatewayResponses).map(([name, r]) => [name, r.response])),
  };
  for (const route of relayed) {
    const gateway = routeFor(route.path);
    if (!gateway?.methods.includes(route.method.toUpperCase())) throw new Error(`${route.method.toUpperCase()} ${route.path} is defined but the gateway does not relay it`);
    addGatewayParts(operationOf(doc, route), gateway, route.method.toUpperCase());
  }
  for (const route of own) {
    const op = operationOf(doc, route);
    op.security = [];
    if (route.path.startsWith("/api/")) addCommon(op, ["TooManyRequests"]);
  }
  return doc;
}

function addGatewayParts(op: Operation, route: Route, method: string) {
  const refused: GatewayResponse[] = ["TooManyRequests", "BadGateway", "Unavailable"];
  if (isOpen(route, method)) op.security = [];
  else refused.push("Unauthorized");
  if (route.role) refused.push("Forbidden");
  if (!["GET", "HEAD"].includes(method)) refused.push("PayloadTooLarge");
  if (op.requestBody) refused.push("UnsupportedMediaType");
  addCommon(op, refused);
}

// Every answer under /api carries the rate-limit headers and the request id; each refusal the
// gateway may give is added unless the owner's definition already describes that status.
function addCommon(op: Operation, refused: GatewayResponse[]) {
  for (const name of refused) op.responses[gatewayResponses[name].status] ??= { $ref: `#/components/responses/${name}` };
  for (const response of Object.values(op.responses)) {
    if (response.$ref) continue;
    response.headers = { ...response.headers, ...refs(rateLimitHeaders), ...refs(requestIdHeader) };
  }
}

const refs = (headers: Record<string, unknown>) => Object.fromEntries(Object.keys(headers).map((name) => [name, { $ref: `#/components/headers/${name}` }]));

function operationOf(doc: OpenApiDocument, route: RouteConfig): Operation {
  const item = doc.paths?.[route.path] as Record<string, Operation> | undefined;
  const op = item?.[route.method];
  if (!op) throw new Error(`no operation for ${route.method} ${route.path}`);
  return op;
}
