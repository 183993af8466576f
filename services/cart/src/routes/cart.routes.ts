import { $ } from "@hono/zod-openapi";
import { api } from "@quire/contracts";
import { caller, openApiRoutes, type CallerEnv } from "@quire/kit";
import type { CartService } from "../domain/cart-service.ts";

export function cartRoutes(carts: CartService) {
  const routes = $(openApiRoutes<CallerEnv>().use("/api/cart", caller).use("/api/cart/*", caller));
  return routes
    .openapi(api.getCart, async (c) => c.json(await carts.get(c.get("userId")), 200))
    .openapi(api.putCartItem, async (c) => c.json(await carts.setQuantity(c.get("userId"), c.req.valid("param").isbn, c.req.valid("json").quantity), 200))
    .openapi(api.deleteCartItem, async (c) => c.json(await carts.remove(c.get("userId"), c.req.valid("param").isbn), 200))
    .openapi(api.clearCart, async (c) => {
      await carts.clear(c.get("userId"));
      return c.body(null, 204);
    });
}
