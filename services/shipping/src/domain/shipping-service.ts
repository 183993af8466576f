import { randomUUID } from "node:crypto";
import { eventKey, type EventData } from "@quire/contracts";
import { claim, type DomainEvent, type Publisher, type StateStore } from "@quire/kit";
import { shipmentSchema, type Shipment } from "./shipment.ts";

// Longer than a shipment takes to write, so a live holder is never overtaken; short enough that
// a delivery that crashed holding the claim delays the shipment by seconds, not forever.
const CLAIM_STALE_MS = 30_000;
const claimKey = (orderId: string) => `shipment-claim:${orderId}`;
const shipmentKey = (orderId: string) => `shipment:${orderId}`;
const shippedEvent = ({ orderId, userId, shipmentId, createdAt }: Shipment): DomainEvent => ({
  key: eventKey("order.shipped", orderId),
  type: "order.shipped",
  data: { orderId, userId, shipmentId, at: createdAt },
});

// One shipment per paid order, written once (only the claim's winner writes), then announced
// with order.shipped. A delivery of order.paid is acknowledged only after the announcement went
// out, so a failed publish or a crash in between brings order.paid back: the shipment is found
// and announced again (consumers dedupe by the event's key).
export class ShippingService {
  constructor(
    private readonly state: StateStore,
    private readonly events: Publisher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // The loser of a race between two deliveries throws, so Dapr redelivers its copy later: by then
  // it finds the shipment, or takes over the claim of a winner that crashed before writing.
  async ship({ orderId, userId }: EventData<"order.paid">): Promise<void> {
    const existing = await this.get(orderId);
    if (existing) return this.events.publish(shippedEvent(existing));
    if (!(await claim(this.state, claimKey(orderId), CLAIM_STALE_MS, () => this.now().getTime()))) throw new Error(`order ${orderId} is being shipped by another delivery`);
    // A claim taken over as stale may belong to a slow holder that has written since our first look.
    const shipment = (await this.get(orderId)) ?? (await this.write({ shipmentId: randomUUID(), orderId, userId, status: "shipped", createdAt: this.now().toISOString() }));
    await this.events.publish(shippedEvent(shipment));
  }

  async get(orderId: string): Promise<Shipment | undefined> {
    const { value } = await this.state.get<unknown>(shipmentKey(orderId));
    return value === undefined ? undefined : shipmentSchema.parse(value);
  }

  // Creates the shipment; if another delivery created it first, that one is the shipment.
  private async write(shipment: Shipment): Promise<Shipment> {
    if ((await this.state.save(shipmentKey(shipment.orderId), shipment)) === "saved") return shipment;
    const stored = await this.get(shipment.orderId);
    if (!stored) throw new Error(`the shipment of order ${shipment.orderId} was neither written nor found`);
    return stored;
  }
}
