import type { Reservation, ReservationLine as Line } from "@quire/contracts";
import { z } from "zod";

export const stockKey = (isbn: string) => `stock:${isbn}`;
export const reservationKey = (orderId: string) => `reservation:${orderId}`;
// Every stocked ISBN: Dapr has no key listing that works on every store, and the sweep needs one.
export const INDEX_KEY = "stock:index";
export const indexSchema = z.array(z.string());

export const stockSchema = z.object({
  isbn: z.string(),
  onHand: z.number().int().nonnegative(),
  // Copies held for orders that are checking out: order id → quantity and when it was taken.
  reservations: z.record(z.string(), z.object({ quantity: z.number().int().positive(), at: z.number() })),
  // Orders whose sold copies came back (their checkout failed after the commit): order id →
  // copies. It marks the return as done, so a retried return never counts the copies twice.
  returned: z.record(z.string(), z.number().int().positive()).optional(),
});
export type Stock = z.infer<typeof stockSchema>;

// Lines and reservations are the shapes orders reads back (contracts), so they are defined there.
export { reservationLineSchema as lineSchema, reservationSchema } from "@quire/contracts";
export type { Line, Reservation };
export type ReservationStatus = Reservation["status"];

export function reservedCopies(stock: Stock): number {
  return Object.values(stock.reservations).reduce((sum, r) => sum + r.quantity, 0);
}

export function available(stock: Stock): number {
  return stock.onHand - reservedCopies(stock);
}

// The same ISBN twice in one order is one line with both quantities, so it is checked as a whole.
export function mergeLines(items: readonly Line[]): Line[] {
  const merged = new Map<string, number>();
  for (const { isbn, quantity } of items) merged.set(isbn, (merged.get(isbn) ?? 0) + quantity);
  return [...merged].map(([isbn, quantity]) => ({ isbn, quantity }));
}

export function withHold(stock: Stock, orderId: string, quantity: number, at: number): Stock {
  return { ...stock, reservations: { ...stock.reservations, [orderId]: { quantity, at } } };
}

// Drops an order's hold; `sold` also takes the copies off the shelf (a commit).
export function withoutHold(stock: Stock, orderId: string, sold: boolean): Stock {
  const { [orderId]: held, ...rest } = stock.reservations;
  return { ...stock, onHand: stock.onHand - (sold && held ? held.quantity : 0), reservations: rest };
}

// Puts a committed order's copies back on the shelf, once. A hold still there means the commit's
// own write never happened: dropping it unsold gives the copies back just the same.
export function withReturn(stock: Stock, orderId: string, quantity: number): Stock | undefined {
  if (stock.reservations[orderId]) return withoutHold(stock, orderId, false);
  if (stock.returned?.[orderId]) return undefined;
  return { ...stock, onHand: stock.onHand + quantity, returned: { ...stock.returned, [orderId]: quantity } };
}
