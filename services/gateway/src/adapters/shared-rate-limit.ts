import { mutate, type Logger, type StateStore } from "@quire/kit";
import type { ClientRateLimitInfo, Store } from "hono-rate-limiter";

export type SharedRateLimitOptions = { limit: number; windowMs: number; logger: Logger; now?: () => number };
type Lease = { window: number; leased: number; used: number; shared: number; pending?: Promise<void> | undefined };

// The rate limit's counts, shared by every gateway instance through a Dapr state store: each
// client's hits in a fixed window live under one key per window (ratelimit:<client>:<window>),
// so several gateways hold one limit between them, not one each.
//
// Asking the store on every request would add two sidecar round trips to each; instead an instance
// leases hits in blocks of 1% of the limit (at least one) with an ETag-checked update, and spends
// them locally. The shared count is of hits leased, so all instances together never admit more than
// the limit; an instance holding an unspent block when another runs out can turn a client away
// slightly early (at most one block per other instance). If the store cannot be reached, a block
// is granted locally and logged: the limit then holds per instance, as before it was shared.
export class SharedRateLimitStore implements Store {
  private readonly leases = new Map<string, Lease>();
  private readonly block: number;
  private readonly now: () => number;

  constructor(
    private readonly state: StateStore,
    private readonly options: SharedRateLimitOptions,
  ) {
    this.block = Math.max(1, Math.ceil(options.limit / 100));
    this.now = options.now ?? Date.now;
  }

  async increment(client: string): Promise<ClientRateLimitInfo> {
    const window = Math.floor(this.now() / this.options.windowMs);
    const resetTime = new Date((window + 1) * this.options.windowMs);
    let lease = this.leases.get(client);
    if (!lease || lease.window !== window) {
      lease = { window, leased: 0, used: 0, shared: 0 };
      this.leases.set(client, lease);
      this.forgetOldWindows(window);
    }
    // Concurrent requests of one client wait for one lease rather than each taking a block.
    while (lease.used >= lease.leased) {
      lease.pending ??= this.lease(client, lease).finally(() => (lease!.pending = undefined));
      const before = lease.leased;
      await lease.pending;
      if (lease.leased === before && lease.used >= lease.leased) return { totalHits: this.options.limit + 1, resetTime };
    }
    lease.used++;
    // Hits so far, as far as this instance knows: leased by all, less what it has not spent yet.
    return { totalHits: Math.min(this.options.limit, lease.shared - (lease.leased - lease.used)), resetTime };
  }

  async decrement(): Promise<void> {
    // Only for skipped requests (skipSuccessfulRequests and the like), which Quire does not use.
  }

  async resetKey(client: string): Promise<void> {
    this.leases.delete(client);
  }

  private async lease(client: string, lease: Lease): Promise<void> {
    const key = `ratelimit:${client}:${lease.window}`;
    let granted = 0;
    try {
      const ttlSeconds = Math.ceil((2 * this.options.windowMs) / 1000);
      const shared = await mutate<number>(this.state, key, (current = 0) => {
        granted = Math.min(this.block, this.options.limit - current);
        return granted > 0 ? current + granted : undefined;
      }, { ttlSeconds });
      lease.shared = shared ?? this.options.limit;
    } catch (err) {
      this.options.logger.warn({ err, client }, "the shared rate-limit store did not answer; counting this block here only");
      granted = Math.min(this.block, this.options.limit - lease.shared);
      lease.shared += Math.max(0, granted);
    }
    lease.leased += Math.max(0, granted);
  }

  private forgetOldWindows(current: number) {
    for (const [client, lease] of this.leases) if (lease.window < current) this.leases.delete(client);
  }
}
