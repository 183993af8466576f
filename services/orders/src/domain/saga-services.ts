import type { CancellationReason, UndoStep } from "@quire/contracts";

// A step's answer: done, or refused for good (with the reason the shopper is told). A transient
// failure is thrown instead, and the workflow retries it.
export type Outcome = { ok: true } | { ok: false; reason: CancellationReason };

// The other services the saga drives, each call idempotent per order id.
export interface Stock {
  reserve(orderId: string, items: ReadonlyArray<{ isbn: string; quantity: number }>): Promise<Outcome>;
  commit(orderId: string): Promise<void>;
  release(orderId: string): Promise<void>;
  // Gives a committed order's copies back to the shelf.
  returnStock(orderId: string): Promise<void>;
}
export interface Payments {
  charge(orderId: string, amountCents: number, cardNumber: string): Promise<Outcome>;
  refund(orderId: string): Promise<void>;
}

export type Undoers = Record<UndoStep, (orderId: string) => Promise<void>>;

// Each undo step by its code: the saga runs them, and the attention sweeper retries the ones
// that were left over.
export function undoers(stock: Stock, payments: Payments): Undoers {
  return {
    refund: (orderId) => payments.refund(orderId),
    "release-reservation": (orderId) => stock.release(orderId),
    "return-stock": (orderId) => stock.returnStock(orderId),
  };
}
