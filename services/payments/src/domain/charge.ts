import { z } from "zod";

export const finalStatuses = ["succeeded", "declined", "refunded"] as const;

// One charge per order: the order id is the idempotency key. `status` stays absent until the
// provider has answered, so "no final status" is what a transient failure leaves behind.
// The full card number is never stored, only its last four digits.
export const chargeSchema = z.object({
  orderId: z.string(),
  amountCents: z.number().int(),
  last4: z.string(),
  status: z.enum(finalStatuses).optional(),
  chargeId: z.string().optional(),
  attempts: z.number().int(),
  // Set while one request is talking to the provider: the others wait for its answer instead of
  // charging the card again. If its holder crashed, the claim is taken over once it goes stale.
  attemptStartedAt: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
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
