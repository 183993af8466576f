import { routeTable, type Route } from "../domain/routing.ts";
import { gatewayRoutes } from "./gateway-operations.ts";
import type { OpenApiDocument } from "./openapi-document.ts";

// What the gateway answers that the document does not describe, as "METHOD /path" lines: each
// method of each relayed prefix needs an operation at or under that prefix (HEAD goes with GET),
// and each route the gateway answers itself needs its own.
export function undocumented(doc: OpenApiDocument, table: readonly Route[] = routeTable): string[] {
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) => Object.keys(item ?? {}).map((method) => ({ path, method: method.toUpperCase() })));
  const has = (method: string, matches: (path: string) => boolean) => operations.some((op) => op.method === method && matches(op.path));
  const missing: string[] = [];
  for (const route of table) {
    for (const method of route.methods) {
      const documented = method === "HEAD" ? "GET" : method;
      if (!has(documented, (path) => path === route.prefix || path.startsWith(`${route.prefix}/`))) missing.push(`${method} ${route.prefix}`);
    }
  }
  for (const route of gatewayRoutes) {
    if (!has(route.method.toUpperCase(), (path) => path === route.path)) missing.push(`${route.method.toUpperCase()} ${route.path}`);
  }
  return missing;
}
