import { randomUUID } from "node:crypto";
import { AppError, mutate, type StateStore } from "@quire/kit";
import { chargeSchema, claimAttempt, decide, withoutClaim, type Charge, type ProviderOutcome, type RefundResult } from "./charge.ts";

// The card network. Throwing means "failed for now": nothing was decided and the caller may retry.
export interface CardProvider {
  charge(cardNumber: string, amountCents: number, attempt: number): Promise<ProviderOutcome>;
}

export type PaymentTimings = {
  // A claim older than this is presumed dead (its holder crashed) and taken over. It must
  // outlast the slowest provider call, or a slow call and its successor could both take money.
  leaseMs: number;
  // How long a request waits on another request's attempt before answering 503; below Dapr's
  // 5 s invoke timeout, so the caller gets an answer it can retry rather than a timeout.
  waitMs: number;
  pollMs: number;
};

const defaultTimings: PaymentTimings = { leaseMs: 30_000, waitMs: 3_000, pollMs: 25 };
const chargeKey = (orderId: string) => `charge:${orderId}`;

// Charges keyed by order id. A decided charge is replayed as it is; an undecided one is attempted
// by exactly one request at a time (a conditional write claims the attempt), so however many
// identical requests race, the provider is asked once per attempt and money is taken once.
export class PaymentService {
  private readonly timings: PaymentTimings;

  constructor(
    private readonly state: StateStore,
    private readonly provider: CardProvider,
    timings: Partial<PaymentTimings> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.timings = { ...defaultTimings, ...timings };
  }

  async charge(orderId: string, amountCents: number, cardNumber: string): Promise<Charge> {
    for (;;) {
      const { charge, etag } = await this.settled(orderId);
      if (charge && charge.amountCents !== amountCents) throw new AppError("CONFLICT", "idempotency key reused with a different amount");
      if (charge?.status) return charge;
      // Count the attempt before calling the provider, so a crash mid-call still counts it.
      const claim = claimAttempt(charge, { orderId, amountCents, cardNumber }, this.iso());
      if ((await this.state.save(chargeKey(orderId), claim, { etag })) === "saved") return this.attempt(claim, cardNumber);
      // Another request claimed or decided first: look again (and most likely wait for its answer).
    }
  }

  // Compensation: idempotent and safe to call for a charge that never happened.
  async refund(orderId: string): Promise<RefundResult> {
    // An attempt in flight may still take money, so its answer is awaited before deciding.
    const { charge } = await this.settled(orderId);
    if (charge?.status !== "succeeded" && charge?.status !== "refunded") return { orderId, status: "none" };
    await mutate<Charge>(this.state, chargeKey(orderId), (current) => (current?.status === "succeeded" ? { ...current, status: "refunded", updatedAt: this.iso() } : undefined));
    return { orderId, status: "refunded" };
  }

  async get(orderId: string): Promise<Charge | undefined> {
    const { value } = await this.state.get<unknown>(chargeKey(orderId));
    return value === undefined ? undefined : chargeSchema.parse(value);
  }

  private async attempt(claim: Charge, cardNumber: string): Promise<Charge> {
    const key = chargeKey(claim.orderId);
    let outcome: ProviderOutcome;
    try {
      outcome = await this.provider.charge(cardNumber, claim.amountCents, claim.attempts);
    } catch (err) {
      // Release the claim so the caller's retry goes ahead at once. If this write fails, the
      // claim simply goes stale; the provider's error is the one worth reporting.
      await mutate<Charge>(this.state, key, (current) => (current && !current.status && current.attempts === claim.attempts ? withoutClaim(current) : undefined)).catch(() => undefined);
      throw new AppError("UNAVAILABLE", "provider unavailable, retry", undefined, { cause: err });
    }
    // Conditional write; if someone decided first (only possible after a stale takeover), theirs stands.
    const decided = await mutate<Charge>(this.state, key, (current) => (current?.status ? undefined : decide(current ?? claim, outcome, randomUUID(), this.iso())));
    return chargeSchema.parse(decided);
  }

  // The stored charge once no other request is mid-attempt on it (or its claim went stale).
  private async settled(orderId: string): Promise<{ charge: Charge | undefined; etag: string | undefined }> {
    const deadline = this.now() + this.timings.waitMs;
    for (;;) {
      const { value, etag } = await this.state.get<unknown>(chargeKey(orderId));
      const charge = value === undefined ? undefined : chargeSchema.parse(value);
      if (!charge || charge.status || !this.claimed(charge)) return { charge, etag };
      if (this.now() >= deadline) throw new AppError("UNAVAILABLE", "A charge for this order is in progress; retry.");
      await new Promise((resolve) => setTimeout(resolve, this.timings.pollMs));
    }
  }

  private claimed(charge: Charge): boolean {
    return charge.attemptStartedAt !== undefined && this.now() - Date.parse(charge.attemptStartedAt) < this.timings.leaseMs;
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}
