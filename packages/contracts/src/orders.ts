import { z } from "zod";

// An order's life, one vocabulary for orders, its staff view and the storefront: placed → paid →
// shipped, or cancelled. needs-attention: the checkout failed and undoing it could not finish
// yet (a refund or a stock return kept failing); a retry sweeps it until it is cancelled.
export const orderStatusSchema = z.enum(["placed", "paid", "shipped", "cancelled", "needs-attention"]);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

// Why an order was cancelled, read as a code by whoever turns it into words (the storefront's
// order page, notifications). Their values are the words the API has always answered, which
// clients compare, so they stay readable.
export const cancellationReasonSchema = z.enum([
  "out of stock",
  "card declined",
  // The payment provider never answered; nothing was charged.
  "payment unavailable",
  // A step failed for good after the stock or the payment was taken; both were given back.
  "not completed",
]);
export type CancellationReason = z.infer<typeof cancellationReasonSchema>;
export const CANCELLATION_REASONS = cancellationReasonSchema.enum;

// What is left to undo of a checkout that could not finish: refund the charge, release a
// reservation that only holds copies, return copies that were sold.
export const undoStepSchema = z.enum(["refund", "release-reservation", "return-stock"]);
export type UndoStep = z.infer<typeof undoStepSchema>;
