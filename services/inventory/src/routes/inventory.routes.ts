import { api } from "@quire/contracts";
import { AppError, openApiRoutes, type AppEnv } from "@quire/kit";
import type { InventoryService } from "../domain/inventory-service.ts";

export function inventoryRoutes(inventory: InventoryService) {
  // Public, through the gateway: how many copies a shopper could still buy.
  return openApiRoutes<AppEnv>().openapi(api.getAvailability, async (c) => {
    const { isbn } = c.req.valid("param");
    const found = await inventory.availability(isbn);
    if (!found) throw new AppError("NOT_FOUND", `No stock is kept for ISBN ${isbn}.`);
    return c.json(found, 200);
  });
}
