import { cancellationReasonSchema, chargeSchema, orderItemSchema, orderStatusSchema, reservationSchema, shipmentSchema, undoStepSchema } from "@quire/contracts";
import { z } from "zod";

// What orders answers staff about one order (GET /api/admin/orders/{id}); read with this schema,
// so a page never shows a shape it was not built for.
export const staffOrderViewSchema = z.object({
  order: z.object({
    id: z.string(),
    userId: z.string(),
    status: orderStatusSchema,
    reason: cancellationReasonSchema.optional(),
    // needs-attention only: what is still to undo.
    pending: z.array(undoStepSchema).optional(),
    items: z.array(orderItemSchema),
    totalCents: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
  reservation: reservationSchema.nullable(),
  charge: chargeSchema.nullable(),
  shipment: shipmentSchema.nullable(),
});
export type StaffOrderView = z.infer<typeof staffOrderViewSchema>;

export const stockLevelSchema = z.object({ isbn: z.string(), onHand: z.number().int(), available: z.number().int() });
export type StockLevel = z.infer<typeof stockLevelSchema>;
