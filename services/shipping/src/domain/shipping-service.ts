import { randomUUID } from "node:crypto";
import type { EventData } from "@quire/contracts";
import { claim, type Outbox, type StateStore } from "@quire/kit";
import { shipmentSchema, type Shipment } from "./shipment.ts";

// Longer than a shipment takes to write, so a live holder is never overtaken; short enough that
// a delivery that crashed holding the claim delays the shipment by seconds, not forever.
const CLAIM_STALE_MS = 30_000;
const claimKey = (orderId: string) => `shipment-claim:${orderId}`;
const shipmentKey = (orderId: string) => `shipment:${orderId}`;
const shippedEvent = ({ orderId, userId, shipmentId, createdAt }: Shipment) => ({ type: "order.shipped", data: { orderId, userId, shipmentId, at: createdAt } });

// One shipment per paid order, announced once with order.shipped. The outbox write alone is an
// upsert on some stores, so two racing deliveries could both publish: only the claim's winner writes.
export class ShippingService {
  constructor(
    private readonly state: StateStore,
    private readonly outbox: Outbox,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // The loser of a race between two deliveries throws, so Dapr redelivers its copy later: by then
  // it finds the shipment, or takes over the claim of a winner that crashed before writing.
  // order.paid for an order already shipped means orders has not heard of the shipment (it
  // announces order.paid again until it does: order.shipped may have been lost), so the
  // shipment is announced again; consumers dedupe by event key.
  async ship({ orderId, userId }: EventData<"order.paid">): Promise<void> {
    const shipped = await this.state.get<unknown>(shipmentKey(orderId));
    if (shipped.value !== undefined) return this.announceAgain(shipmentSchema.parse(shipped.value), shipped.etag);
    if (!(await claim(this.state, claimKey(orderId), CLAIM_STALE_MS, () => this.now().getTime()))) throw new Error(`order ${orderId} is being shipped by another delivery`);
    // A claim taken over as stale may belong to a slow holder that has written since our first look.
    if (await this.exists(orderId)) return;
    const shipment: Shipment = { shipmentId: randomUUID(), orderId, userId, status: "shipped", createdAt: this.now().toISOString() };
    // "conflict" means the shipment exists after all: nothing left to do.
    await this.outbox.saveWithEvent(shipmentKey(orderId), shipment, undefined, shippedEvent(shipment));
  }

  // The shipment written back unchanged, with its event, through the outbox. A conflict means
  // another delivery just did the same.
  private async announceAgain(shipment: Shipment, etag: string | undefined): Promise<void> {
    await this.outbox.saveWithEvent(shipmentKey(shipment.orderId), shipment, etag, shippedEvent(shipment));
  }

  async get(orderId: string): Promise<Shipment | undefined> {
    const { value } = await this.state.get<unknown>(shipmentKey(orderId));
    return value === undefined ? undefined : shipmentSchema.parse(value);
  }

  private async exists(orderId: string): Promise<boolean> {
    return (await this.state.get(shipmentKey(orderId))).value !== undefined;
  }
}
