import { api } from "@quire/contracts";
import { z } from "zod";

// A cart keeps its lines in the shape the API shows them (one schema, in contracts).
export const MAX_QUANTITY = api.MAX_QUANTITY;
export const cartItemSchema = api.cartLineSchema;
export type CartItem = api.CartLine;

// changedAt: when the shopper last changed it (an order placed before then must not empty it).
export const cartSchema = z.object({ items: z.array(cartItemSchema), changedAt: z.iso.datetime().optional() });
export type Cart = z.infer<typeof cartSchema>;
export type CartView = api.CartView;

export const emptyCart = (): Cart => ({ items: [] });

// Sets one line of the cart; quantity 0 removes it. Lines keep the order they were added in.
export function withItem(cart: Cart, item: CartItem | { isbn: string; quantity: 0 }): Cart {
  const others = cart.items.filter((i) => i.isbn !== item.isbn);
  if (item.quantity === 0) return { items: others };
  const at = cart.items.findIndex((i) => i.isbn === item.isbn);
  const items = [...others];
  items.splice(at === -1 ? items.length : at, 0, item as CartItem);
  return { items };
}

export function view(cart: Cart): CartView {
  return { items: cart.items, totalCents: cart.items.reduce((sum, i) => sum + i.quantity * i.priceCents, 0) };
}
