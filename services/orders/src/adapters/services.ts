import { HttpMethod, type DaprClient } from "@dapr/dapr";
import { CANCELLATION_REASONS, type CancellationReason } from "@quire/contracts";
import { sidecarStatus } from "@quire/kit";
import type { Outcome, Payments, Stock } from "../domain/saga-services.ts";

// The inventory and payments services, reached by Dapr service invocation. A 409 from inventory
// and a 402 from payments are refusals; every other failure is thrown and retried by the saga.
export class DaprStock implements Stock {
  constructor(
    private readonly dapr: DaprClient,
    private readonly appId: string,
  ) {}

  async reserve(orderId: string, items: ReadonlyArray<{ isbn: string; quantity: number }>): Promise<Outcome> {
    const lines = items.map(({ isbn, quantity }) => ({ isbn, quantity }));
    return refusalOn(409, CANCELLATION_REASONS["out of stock"], () => this.dapr.invoker.invoke(this.appId, "reservations", HttpMethod.POST, { orderId, items: lines }));
  }

  async commit(orderId: string): Promise<void> {
    await this.dapr.invoker.invoke(this.appId, `reservations/${orderId}/commit`, HttpMethod.POST, {});
  }

  async release(orderId: string): Promise<void> {
    await this.dapr.invoker.invoke(this.appId, `reservations/${orderId}/release`, HttpMethod.POST, {});
  }

  async returnStock(orderId: string): Promise<void> {
    await this.dapr.invoker.invoke(this.appId, `reservations/${orderId}/return`, HttpMethod.POST, {});
  }
}

export class DaprPayments implements Payments {
  constructor(
    private readonly dapr: DaprClient,
    private readonly appId: string,
  ) {}

  charge(orderId: string, amountCents: number, cardNumber: string): Promise<Outcome> {
    return refusalOn(402, CANCELLATION_REASONS["card declined"], () => this.dapr.invoker.invoke(this.appId, "charges", HttpMethod.POST, { orderId, amountCents, card: { number: cardNumber } }));
  }

  async refund(orderId: string): Promise<void> {
    await this.dapr.invoker.invoke(this.appId, `charges/${orderId}/refund`, HttpMethod.POST, {});
  }
}

async function refusalOn(status: number, reason: CancellationReason, call: () => Promise<unknown>): Promise<Outcome> {
  try {
    await call();
    return { ok: true };
  } catch (err) {
    if (sidecarStatus(err) === status) return { ok: false, reason };
    throw err;
  }
}
