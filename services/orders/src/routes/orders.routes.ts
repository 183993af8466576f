import { $ } from "@hono/zod-openapi";
import { api } from "@quire/contracts";
import { AppError, caller, currentTrace, openApiRoutes, type CallerEnv } from "@quire/kit";
import type { Context } from "hono";
import { orderIdFor, placedOrder, type CheckoutInput } from "../domain/checkout.ts";
import { view } from "../domain/order.ts";
import type { OrderRepository } from "../domain/order-repository.ts";
import type { Shop, Workflows } from "../domain/shop.ts";

export type OrdersDeps = { orders: OrderRepository; shop: Shop; workflows: Workflows; now: () => string };

export function ordersRoutes({ orders, shop, workflows, now }: OrdersDeps) {
  const accepted = (c: Context, orderId: string) => c.json({ orderId }, 202, { location: `/api/orders/${orderId}` });
  const routes = $(openApiRoutes<CallerEnv>().use("/api/checkout", caller).use("/api/orders", caller).use("/api/orders/*", caller));
  return routes
    .openapi(api.checkout, async (c) => {
      const userId = c.get("userId");
      // The client's Idempotency-Key (checked by the route), else the request id (which a
      // sidecar's retry carries too, and which may be longer than a key may be).
      const key = c.req.valid("header")["idempotency-key"] ?? c.get("requestId");
      const parsedKey = api.idempotencyKeySchema.safeParse(key);
      if (!parsedKey.success) throw new AppError("BAD_REQUEST", "The Idempotency-Key header is invalid.", { "idempotency-key": parsedKey.error.issues.map((i) => i.message) });
      const orderId = orderIdFor(userId, parsedKey.data);
      if (await orders.get(orderId)) return accepted(c, orderId);
      const lines = await shop.cartOf(userId);
      if (lines.length === 0) {
        // An earlier attempt of this same request may have placed the order and emptied the cart.
        if (await orders.get(orderId)) return accepted(c, orderId);
        throw new AppError("BAD_REQUEST", "Your cart is empty: add a book before checking out.");
      }
      // Prices are snapshotted now, from the catalog that owns them.
      const items = await Promise.all(
        lines.map(async ({ isbn, quantity }) => {
          const book = await shop.book(isbn);
          if (!book) throw new AppError("CONFLICT", `The book ${isbn} is no longer sold; remove it from your cart.`);
          return { isbn, title: book.title, quantity, priceCents: book.priceCents };
        }),
      );
      const input: CheckoutInput = {
        orderId,
        userId,
        items,
        totalCents: items.reduce((sum, i) => sum + i.quantity * i.priceCents, 0),
        ...c.req.valid("json"),
        placedAt: now(),
        traceparent: currentTrace()?.traceparent,
      };
      // The saga first, so the order exists from here on even if this process dies right now:
      // its first step records the order too (idempotently) and announces order.placed.
      await workflows.startCheckout(input);
      await orders.create(placedOrder(input));
      return accepted(c, orderId);
    })
    .openapi(api.listOrders, async (c) => c.json({ items: (await orders.listByUser(c.get("userId"))).map(view) }, 200))
    .openapi(api.getOrder, async (c) => {
      const order = await orders.get(c.req.valid("param").id);
      // Another user's order is answered exactly like one that does not exist.
      if (!order || order.userId !== c.get("userId")) throw new AppError("NOT_FOUND", "No such order.");
      return c.json(view(order), 200);
    });
}
