import { isbnSchema } from "@quire/contracts";
import { AppError, validate, type AppEnv } from "@quire/kit";
import { Hono } from "hono";
import { z } from "zod";
import type { InventoryService } from "../domain/inventory-service.ts";

const isbnParamSchema = z.object({ isbn: isbnSchema });

export function inventoryRoutes(inventory: InventoryService) {
  // Public, through the gateway: how many copies a shopper could still buy.
  return new Hono<AppEnv>().get("/api/inventory/:isbn", validate("param", isbnParamSchema), async (c) => {
    const { isbn } = c.req.valid("param");
    const found = await inventory.availability(isbn);
    if (!found) throw new AppError("NOT_FOUND", `No stock is kept for ISBN ${isbn}.`);
    return c.json(found);
  });
}
