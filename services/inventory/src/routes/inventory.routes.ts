import { isbnSchema } from "@quire/contracts";
import { AppError, validate, type AppEnv } from "@quire/kit";
import { Hono } from "hono";
import { z } from "zod";
import type { InventoryService } from "../domain/inventory-service.ts";

const isbnParamSchema = z.object({ isbn: isbnSchema });
const stockBodySchema = z.object({
  onHand: z.number("must be a number").int("must be a whole number").min(0, "must be 0 or more"),
});

export function inventoryRoutes(inventory: InventoryService) {
  return (
    new Hono<AppEnv>()
      // Public, through the gateway: how many copies a shopper could still buy.
      .get("/api/inventory/:isbn", validate("param", isbnParamSchema), async (c) => {
        const { isbn } = c.req.valid("param");
        const found = await inventory.availability(isbn);
        if (!found) throw new AppError("NOT_FOUND", `No stock is kept for ISBN ${isbn}.`);
        return c.json(found);
      })
      // Internal (operations, system tests): the copies on the shelf, held ones included.
      .put("/stock/:isbn", validate("param", isbnParamSchema), validate("json", stockBodySchema), async (c) =>
        c.json(await inventory.setStock(c.req.valid("param").isbn, c.req.valid("json").onHand)),
      )
  );
}
