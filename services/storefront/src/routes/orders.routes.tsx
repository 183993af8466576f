import { randomUUID } from "node:crypto";
import type { FieldErrors } from "@quire/kit";
import { Hono } from "hono";
import type { Address, ShopClient } from "../adapters/shop-client.ts";
import { CheckoutPage, NotificationsPage, OrderPage, OrdersPage } from "../pages/orders.tsx";
import { CartPage } from "../pages/shop.tsx";
import { formOf, notFound, viewer } from "./pages.ts";
import { requireShopper, userId, type StoreEnv } from "./session.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Check out, then follow the order from placed to shipped; the order history and the feed.
export function ordersRoutes(shop: ShopClient) {
  return new Hono<StoreEnv>()
    .use("/checkout", requireShopper)
    .use("/orders", requireShopper)
    .use("/orders/*", requireShopper)
    .use("/notifications", requireShopper)
    .get("/checkout", async (c) => {
      const [cart, me] = await Promise.all([shop.cart(userId(c)), shop.me(userId(c))]);
      if (cart.items.length === 0) return c.redirect("/cart", 303);
      return c.html(<CheckoutPage viewer={viewer(c)} cart={cart} address={me.address} attempt={randomUUID()} />);
    })
    .post("/checkout", async (c) => {
      const form = await formOf(c);
      const address: Address = { name: form.name ?? "", line1: form.line1 ?? "", city: form.city ?? "", postalCode: form.postalCode ?? "", country: (form.country ?? "").trim().toUpperCase() };
      const card = (form.card ?? "").replace(/[\s-]/g, "");
      const attempt = form.attempt && UUID.test(form.attempt) ? form.attempt : randomUUID();
      const cart = await shop.cart(userId(c));
      if (cart.items.length === 0) return c.html(<CartPage viewer={viewer(c)} cart={cart} problem="Your cart is empty: add a book before checking out." />, 400);
      const again = (errors: FieldErrors, problem: string) =>
        c.html(<CheckoutPage viewer={viewer(c)} cart={cart} address={address} card={form.card ?? ""} errors={errors} problem={problem} attempt={attempt} />, 400);

      // The address is kept for next time; the users service is the judge of a valid one.
      const saved = await shop.saveAddress(userId(c), address);
      if (!saved.ok) return again(saved.errors, "Please correct the address below.");
      const placed = await shop.checkout(userId(c), { card: { number: card }, address }, attempt);
      if (!placed.ok) {
        const errors = Object.fromEntries(Object.entries(placed.errors).map(([field, msgs]) => [field.replace(/^(address|card)\./, "").replace(/^number$/, "card"), msgs]));
        return again(errors, placed.status === 400 && Object.keys(errors).length === 0 ? placed.detail : "Please correct the fields below.");
      }
      return c.redirect(`/orders/${placed.value.orderId}`, 303);
    })
    .get("/orders", async (c) => c.html(<OrdersPage viewer={viewer(c)} orders={await shop.orders(userId(c))} />))
    .get("/orders/:id", async (c) => {
      const order = await shop.order(userId(c), c.req.param("id"));
      if (!order) return notFound(c, "There is no such order in your account.");
      return c.html(<OrderPage viewer={viewer(c)} order={order} />);
    })
    .get("/orders/:id/status", async (c) => {
      const order = await shop.order(userId(c), c.req.param("id"));
      if (!order) return c.json({ status: "unknown" }, 404);
      return c.json({ status: order.status });
    })
    .get("/notifications", async (c) => c.html(<NotificationsPage viewer={viewer(c)} items={await shop.notifications(userId(c))} />));
}
