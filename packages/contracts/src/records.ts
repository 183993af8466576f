import { z } from "zod";

// What the saga's services answer about one order, by service invocation: inventory's
// reservation (GET /reservations/{orderId}), payments' charge (GET /charges/{orderId}) and
// shipping's shipment (GET /shipments/{orderId}). Each owner keeps its records in these shapes
// (adding only its own bookkeeping), and orders reads their answers with them for the staff view.

export const reservationLineSchema = z.object({ isbn: z.string(), quantity: z.number().int().positive() });

// pending: taking stock is under way (or was, when the process died); the rest are decisions.
// returned: committed, then put back on the shelf because the order could not be completed.
export const reservationSchema = z.object({
  orderId: z.string(),
  items: z.array(reservationLineSchema),
  status: z.enum(["pending", "reserved", "rejected", "released", "committed", "returned"]),
  reason: z.string().optional(),
  at: z.number(),
});

// One charge per order. `status` stays absent until the provider has answered; the full card
// number is never stored, only its last four digits.
export const chargeSchema = z.object({
  orderId: z.string(),
  amountCents: z.number().int(),
  last4: z.string(),
  status: z.enum(["succeeded", "declined", "refunded"]).optional(),
  chargeId: z.string().optional(),
  attempts: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const shipmentSchema = z.object({
  shipmentId: z.string(),
  orderId: z.string(),
  userId: z.string(),
  status: z.literal("shipped"),
  createdAt: z.string(),
});

export type ReservationLine = z.infer<typeof reservationLineSchema>;
export type Reservation = z.infer<typeof reservationSchema>;
export type Charge = z.infer<typeof chargeSchema>;
export type Shipment = z.infer<typeof shipmentSchema>;
