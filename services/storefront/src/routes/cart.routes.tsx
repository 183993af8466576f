import { Hono } from "hono";
import type { ShopClient } from "../adapters/shop-client.ts";
import { CartPage } from "../pages/shop.tsx";
import { formOf, notFound, viewer } from "./pages.ts";
import { requireShopper, userId, type StoreEnv } from "./session.ts";

const MAX = 99;
const quantityOf = (raw: string | undefined, min: number): number | undefined => {
  const n = Number(raw);
  return raw && Number.isInteger(n) && n >= min && n <= MAX ? n : undefined;
};

// The shopper's cart: add from a book page, change a quantity (0 removes), see the total.
export function cartRoutes(shop: ShopClient) {
  return new Hono<StoreEnv>()
    .use("/cart/*", requireShopper)
    .use("/cart", requireShopper)
    .get("/cart", async (c) => c.html(<CartPage viewer={viewer(c)} cart={await shop.cart(userId(c))} />))
    .post("/cart/add", async (c) => {
      const form = await formOf(c);
      const isbn = form.isbn ?? "";
      const quantity = quantityOf(form.quantity, 1);
      if (!/^\d{13}$/.test(isbn)) return notFound(c, "There is no book with that ISBN.");
      if (quantity === undefined) return c.redirect(`/books/${isbn}`, 303);
      const cart = await shop.cart(userId(c));
      const inCart = cart.items.find((l) => l.isbn === isbn)?.quantity ?? 0;
      const result = await shop.setQuantity(userId(c), isbn, Math.min(MAX, inCart + quantity));
      if (!result.ok && result.status === 404) return notFound(c, "There is no book with that ISBN.");
      if (!result.ok) return c.html(<CartPage viewer={viewer(c)} cart={cart} problem={result.detail} />, 400);
      return c.redirect(`/books/${isbn}?added=1`, 303);
    })
    .post("/cart/items/:isbn", async (c) => {
      const isbn = c.req.param("isbn");
      const quantity = quantityOf((await formOf(c)).quantity, 0);
      if (quantity === undefined) {
        return c.html(<CartPage viewer={viewer(c)} cart={await shop.cart(userId(c))} problem={`A quantity is a whole number from 0 to ${MAX}.`} />, 400);
      }
      const result = await shop.setQuantity(userId(c), isbn, quantity);
      if (!result.ok && result.status !== 404) return c.html(<CartPage viewer={viewer(c)} cart={await shop.cart(userId(c))} problem={result.detail} />, 400);
      return c.redirect("/cart", 303);
    });
}
