import { cancellationReasonSchema, orderItemSchema, orderStatusSchema, undoStepSchema, type OrderStatus } from "@quire/contracts";
import { z } from "zod";

export { orderStatusSchema, type OrderStatus };

// Orders cancelled before reasons were codes carry these sentences; they are read as the codes
// they meant, so an old order still opens.
const LEGACY_REASONS: Record<string, string> = {
  "the payment provider is unavailable; nothing was charged": "payment unavailable",
  "the order could not be completed; the payment was refunded": "not completed",
};

export const orderSchema = z.object({
  id: z.string(),
  userId: z.string(),
  status: orderStatusSchema,
  // Why it was cancelled, or (needs-attention) why it will be once undoing is done.
  reason: z.preprocess((r) => (typeof r === "string" ? (LEGACY_REASONS[r] ?? r) : r), cancellationReasonSchema.optional()),
  // needs-attention only: what is still to undo.
  pending: z.array(undoStepSchema).optional(),
  paidAt: z.string().optional(),
  items: z.array(orderItemSchema),
  totalCents: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Order = z.infer<typeof orderSchema>;

// Which status may follow which: shipped and cancelled are final. A paid order goes back only
// from the checkout saga, when marking it paid failed after its write landed: order.paid has not
// gone out then, so nothing is shipped. needs-attention ends cancelled, once undoing is done.
const next: Record<OrderStatus, readonly OrderStatus[]> = {
  placed: ["paid", "cancelled", "needs-attention"],
  paid: ["shipped", "cancelled", "needs-attention"],
  "needs-attention": ["cancelled"],
  shipped: [],
  cancelled: [],
};

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return next[from].includes(to);
}

// The public view: the owner's id and the saga's bookkeeping stay inside.
export function view({ userId: _userId, paidAt: _paidAt, pending: _pending, ...order }: Order) {
  return order;
}
