import type { ProviderOutcome } from "../domain/charge.ts";
import type { CardProvider } from "../domain/payment-service.ts";

// The sandbox's documented test cards; tests and demos use them by name.
export const TEST_CARDS = { pays: "4242424242424242", declined: "4000000000000002", transient: "4000000000000119" } as const;

const TRANSIENT_FAILURES = 2;

// A sandbox card provider: the test cards behave as documented and any other 12-19 digit number
// pays. Like a real provider it cannot be used without its API key, so a deployment that forgot
// the secret fails at start rather than at the first checkout.
export class SimulatedProvider implements CardProvider {
  constructor(apiKey: string | undefined) {
    if (!apiKey) throw new Error("The card provider needs an API key; none was given.");
  }

  async charge(cardNumber: string, _amountCents: number, attempt: number): Promise<ProviderOutcome> {
    if (cardNumber === TEST_CARDS.declined || !/^\d{12,19}$/.test(cardNumber)) return "declined";
    if (cardNumber === TEST_CARDS.transient && attempt <= TRANSIENT_FAILURES) {
      throw new Error(`simulated provider timeout (attempt ${attempt} of this charge)`);
    }
    return "approved";
  }
}
