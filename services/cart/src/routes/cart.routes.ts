import { isbnSchema } from "@quire/contracts";
import { caller, validate, type CallerEnv } from "@quire/kit";
import { Hono } from "hono";
import { z } from "zod";
import { MAX_QUANTITY } from "../domain/cart.ts";
import type { CartService } from "../domain/cart-service.ts";

const itemParamSchema = z.object({ isbn: isbnSchema });
const quantitySchema = z.object({
  quantity: z.number("must be a number").int("must be a whole number").min(0, "must be 0 or more").max(MAX_QUANTITY, `must be at most ${MAX_QUANTITY}`),
});
export function cartRoutes(carts: CartService) {
  return new Hono<CallerEnv>()
    .use("/api/cart", caller)
    .use("/api/cart/*", caller)
    .get("/api/cart", async (c) => c.json(await carts.get(c.get("userId"))))
    .put("/api/cart/items/:isbn", validate("param", itemParamSchema), validate("json", quantitySchema), async (c) => {
      const { isbn } = c.req.valid("param");
      return c.json(await carts.setQuantity(c.get("userId"), isbn, c.req.valid("json").quantity));
    })
    .delete("/api/cart/items/:isbn", validate("param", itemParamSchema), async (c) =>
      c.json(await carts.remove(c.get("userId"), c.req.valid("param").isbn)),
    )
    .delete("/api/cart", async (c) => {
      await carts.clear(c.get("userId"));
      return c.body(null, 204);
    });
}
