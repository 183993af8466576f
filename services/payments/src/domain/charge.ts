import { chargeSchema as sharedChargeSchema } from "@quire/contracts";
import { z } from "zod";

// One charge per order: the order id is the idempotency key. What other services read of it is
// the contract's shape; this adds the claim only payments reads.
export const chargeSchema = sharedChargeSchema.extend({
  // Set while one request is talking to the provider: the others wait for its answer instead of
  // charging the card again. If its holder crashed, the claim is taken over once it goes stale.
  attemptStartedAt: z.string().optional(),
});
export type Charge = z.infer<typeof chargeSchema>;

export type ProviderOutcome = "approved" | "declined";
export type RefundResult = { orderId: string; status: "refunded" | "none" };

export function claimAttempt(current: Charge | undefined, request: { orderId: string; amountCents: number; cardNumber: string }, at: string): Charge {
  const last4 = request.cardNumber.slice(-4);
  if (current) return { ...current, last4, attempts: current.attempts + 1, attemptStartedAt: at, updatedAt: at };
  return { orderId: request.orderId, amountCents: request.amountCents, last4, attempts: 1, attemptStartedAt: at, createdAt: at, updatedAt: at };
}

export function withoutClaim(charge: Charge): Charge {
  const { attemptStartedAt: _released, ...rest } = charge;
  return rest;
}

export function decide(charge: Charge, outcome: ProviderOutcome, chargeId: string, at: string): Charge {
  const base = { ...withoutClaim(charge), updatedAt: at };
  return outcome === "approved" ? { ...base, status: "succeeded", chargeId } : { ...base, status: "declined" };
}
