import type { Charge, Reservation, Shipment } from "@quire/contracts";

// What the other services of the saga hold about one order, for staff: each is null when its
// owner has none (the saga never got that far, or the order was refused before it).
export interface OrderRecords {
  reservation(orderId: string): Promise<Reservation | null>;
  charge(orderId: string): Promise<Charge | null>;
  shipment(orderId: string): Promise<Shipment | null>;
}
