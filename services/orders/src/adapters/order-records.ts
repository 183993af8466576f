import { chargeSchema, reservationSchema, shipmentSchema } from "@quire/contracts";
import { AppError, type Invoker } from "@quire/kit";
import type { z } from "zod";
import type { OrderRecords } from "../domain/order-records.ts";

export type RecordOwners = { inventory: string; payments: string; shipping: string };

// The owners' records of an order, by Dapr service invocation (the kit's invoker hands back whole
// answers, so a 404 is told apart from a failure). Every answer is read with the contract's schema.
export class InvokedOrderRecords implements OrderRecords {
  constructor(
    private readonly invoker: Invoker,
    private readonly owners: RecordOwners,
  ) {}

  reservation = (orderId: string) => this.read(this.owners.inventory, `/reservations/${orderId}`, reservationSchema);
  charge = (orderId: string) => this.read(this.owners.payments, `/charges/${orderId}`, chargeSchema);
  shipment = (orderId: string) => this.read(this.owners.shipping, `/shipments/${orderId}`, shipmentSchema);

  private async read<S extends z.ZodType>(appId: string, target: string, schema: S): Promise<z.infer<S> | null> {
    const res = await this.invoker.forward(appId, { method: "GET", target, headers: new Headers({ accept: "application/json" }) }).catch((err: unknown) => {
      throw new AppError("BAD_GATEWAY", `The ${appId} service could not be reached.`, undefined, { cause: err });
    });
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) throw new AppError("BAD_GATEWAY", `The ${appId} service answered ${res.status} for ${target}.`);
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw new AppError("BAD_GATEWAY", `The ${appId} service's answer for ${target} is not the agreed shape.`, undefined, { cause: parsed.error });
    return parsed.data;
  }
}
