import { isbnSchema } from "@quire/contracts";
import { adminOnly, caller, validate, type CallerEnv } from "@quire/kit";
import { Hono } from "hono";
import { z } from "zod";
import type { InventoryService } from "../domain/inventory-service.ts";

const isbnParamSchema = z.object({ isbn: isbnSchema });
const stockBodySchema = z.object({
  onHand: z.number("must be a number").int("must be a whole number").min(0, "must be 0 or more"),
});

// Shop staff, through the gateway or the staff page: the copies on the shelf, held ones included.
// Who may ask is checked before what they ask, so a shopper learns nothing from a 400.
export function adminRoutes(inventory: InventoryService) {
  return new Hono<CallerEnv>().put("/api/admin/stock/:isbn", caller, adminOnly, validate("param", isbnParamSchema), validate("json", stockBodySchema), async (c) =>
    c.json(await inventory.setStock(c.req.valid("param").isbn, c.req.valid("json").onHand)),
  );
}
