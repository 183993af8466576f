import { orderItemSchema } from "@quire/contracts";
import { z } from "zod";

export const orderStatusSchema = z.enum(["placed", "paid", "shipped", "cancelled"]);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const orderSchema = z.object({
  id: z.string(),
  userId: z.string(),
  status: orderStatusSchema,
  reason: z.string().optional(),
  paidAt: z.string().optional(),
  items: z.array(orderItemSchema),
  totalCents: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Order = z.infer<typeof orderSchema>;

// Which status may follow which: an order only moves forward, and a cancelled or shipped one is final.
const next: Record<OrderStatus, readonly OrderStatus[]> = {
  placed: ["paid", "cancelled"],
  paid: ["shipped"],
  shipped: [],
  cancelled: [],
};

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return next[from].includes(to);
}

// The public view: the owner's id and the saga's bookkeeping stay inside.
export function view({ userId: _userId, paidAt: _paidAt, ...order }: Order) {
  return order;
}
