import { MemoryStateStore } from "@quire/kit";
import { pino } from "pino";
import { SimulatedProvider, TEST_CARDS } from "../src/adapters/simulated-provider.ts";
import { createApp } from "../src/app.ts";
import type { ProviderOutcome } from "../src/domain/charge.ts";
import { PaymentService, type CardProvider, type PaymentTimings } from "../src/domain/payment-service.ts";

// Wraps the sandbox provider and counts what reached it; `delayMs` makes each call take real time,
// so racing requests overlap the way they do against a remote provider.
export class SpyProvider implements CardProvider {
  readonly calls: Array<{ cardNumber: string; attempt: number; outcome: ProviderOutcome | "error" }> = [];
  private readonly sandbox = new SimulatedProvider("test-key");

  constructor(private readonly delayMs = 0) {}

  get approvals(): number {
    return this.calls.filter((c) => c.outcome === "approved").length;
  }

  async charge(cardNumber: string, amountCents: number, attempt: number): Promise<ProviderOutcome> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    try {
      const outcome = await this.sandbox.charge(cardNumber, amountCents, attempt);
      this.calls.push({ cardNumber, attempt, outcome });
      return outcome;
    } catch (err) {
      this.calls.push({ cardNumber, attempt, outcome: "error" });
      throw err;
    }
  }
}

export type ChargeBody = { orderId: string; amountCents: number; last4: string; status?: string; chargeId?: string; attempts: number };

// A fresh store, provider and app per test, so no test depends on another's data.
export function setup({ delayMs = 0, timings = {}, now }: { delayMs?: number; timings?: Partial<PaymentTimings>; now?: () => number } = {}) {
  const state = new MemoryStateStore();
  const provider = new SpyProvider(delayMs);
  const payments = new PaymentService(state, provider, timings, now);
  const app = createApp({ payments, logger: pino({ level: "silent" }) });
  const post = (path: string, body?: unknown) =>
    app.request(path, { method: "POST", headers: { "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const charge = (orderId: string, card: string = TEST_CARDS.pays, amountCents = 1000) => post("/charges", { orderId, amountCents, card: { number: card } });
  const refund = (orderId: string) => post(`/charges/${orderId}/refund`);
  return { app, state, provider, payments, post, charge, refund };
}
