import { AppError, caller, currentTrace, validate, type CallerEnv } from "@quire/kit";
import { Hono, type Context } from "hono";
import { z } from "zod";
import { orderIdFor, placedOrder, type CheckoutInput } from "../domain/checkout.ts";
import { view } from "../domain/order.ts";
import type { OrderRepository } from "../domain/order-repository.ts";
import type { Shop, Workflows } from "../domain/shop.ts";

export type OrdersDeps = { orders: OrderRepository; shop: Shop; workflows: Workflows; now: () => string };

const text = (max: number) => z.string().trim().min(1, "is required").max(max, `must be at most ${max} characters`);
const checkoutSchema = z.object({
  card: z.object({ number: z.string().regex(/^\d{12,19}$/, "must be 12-19 digits") }),
  address: z.object({ name: text(100), line1: text(200), city: text(100), postalCode: text(20), country: z.string().regex(/^[A-Z]{2}$/, "must be a two-letter country code") }),
});
const idempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/, "must be 1-200 visible ASCII characters");
export const idParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "is not an order id") });

export function ordersRoutes({ orders, shop, workflows, now }: OrdersDeps) {
  const accepted = (c: Context, orderId: string) => c.json({ orderId }, 202, { location: `/api/orders/${orderId}` });
  return new Hono<CallerEnv>()
    .use("/api/checkout", caller)
    .use("/api/orders", caller)
    .use("/api/orders/*", caller)
    .post("/api/checkout", validate("json", checkoutSchema), async (c) => {
      const userId = c.get("userId");
      // The client's Idempotency-Key, else the request id (which a sidecar's retry carries too).
      const key = c.req.header("idempotency-key") ?? c.get("requestId");
      const parsedKey = idempotencyKey.safeParse(key);
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
    .get("/api/orders", async (c) => c.json({ items: (await orders.listByUser(c.get("userId"))).map(view) }))
    .get("/api/orders/:id", validate("param", idParam), async (c) => {
      const order = await orders.get(c.req.valid("param").id);
      // Another user's order is answered exactly like one that does not exist.
      if (!order || order.userId !== c.get("userId")) throw new AppError("NOT_FOUND", "No such order.");
      return c.json(view(order));
    });
}
