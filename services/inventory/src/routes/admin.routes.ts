import { api } from "@quire/contracts";
import { adminOnly, caller, openApiRoutes, type CallerEnv } from "@quire/kit";
import type { InventoryService } from "../domain/inventory-service.ts";

// Shop staff, through the gateway or the staff page: the copies on the shelf, held ones included.
// Who may ask is checked before what they ask (the route's middleware runs before its
// validators), so a shopper learns nothing from a 400.
export function adminRoutes(inventory: InventoryService) {
  return openApiRoutes<CallerEnv>().openapi({ ...api.putStock, middleware: [caller, adminOnly] }, async (c) =>
    c.json(await inventory.setStock(c.req.valid("param").isbn, c.req.valid("json").onHand), 200),
  );
}
