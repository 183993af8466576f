import { z } from "zod";

export const shipmentSchema = z.object({
  shipmentId: z.string(),
  orderId: z.string(),
  userId: z.string(),
  status: z.literal("shipped"),
  createdAt: z.string(),
});
export type Shipment = z.infer<typeof shipmentSchema>;
