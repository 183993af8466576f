import type { CancellationReason, UndoStep } from "@quire/contracts";
import { claim, ContendedError, mutate, type StateStore } from "@quire/kit";
import { canMove, orderSchema, type Order, type OrderStatus } from "./order.ts";

const orderKey = (id: string) => `order:${id}`;
const indexKey = (userId: string) => `orders-of:${userId}`;
// The orders that need attention: Dapr has no query that works on every store, and the sweeper
// and staff need them without reading every order.
const ATTENTION_KEY = "orders-needing-attention";
// The orders not yet ended, for the stall sweep: spread over a few keys, so a burst of checkouts
// does not queue on one. An id is added when its order is recorded and dropped by the sweep once
// the order has ended.
const OPEN_SHARDS = 16;
const openKey = (shard: number) => `orders-open:${shard}`;
const shardOf = (id: string) => [...id].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7) % OPEN_SHARDS;
const MAX_ATTEMPTS = 30;
const CLAIM_STALE_MS = 10_000;

// Orders, one key each, plus a per-user index for the history. The saga announces each change
// after writing it (see checkout.ts).
export class OrderRepository {
  constructor(private readonly state: StateStore) {}

  async get(id: string): Promise<Order | undefined> {
    const { value } = await this.state.get<unknown>(orderKey(id));
    return value === undefined ? undefined : orderSchema.parse(value);
  }

  // Creates the order once, however many callers race to do it: only the claim's winner writes
  // (a late writer must never put a "placed" order back over a paid one). Returns undefined when
  // another caller is writing it right now.
  async create(order: Order): Promise<Order | undefined> {
    let stored = await this.get(order.id);
    if (!stored) {
      if (!(await claim(this.state, `order-claim:${order.id}`, CLAIM_STALE_MS))) return this.get(order.id);
      stored = (await this.get(order.id)) ?? order;
      if (stored === order && (await this.state.save(orderKey(order.id), order)) !== "saved") return this.get(order.id);
    }
    await Promise.all([this.addToIndex(stored.userId, stored.id), this.addToOpen(stored.id)]);
    return stored;
  }

  // Moves an order forward (a conditional write); a move already made, or no longer allowed, is
  // a no-op. Returns the order as it now is, and whether this call moved it.
  async move(id: string, to: OrderStatus, now: string, patch: Partial<Order> = {}): Promise<{ order: Order; moved: boolean }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { value, etag } = await this.state.get<unknown>(orderKey(id));
      if (value === undefined) throw new Error(`Order ${id} does not exist`);
      const order = orderSchema.parse(value);
      if (order.status === to || !canMove(order.status, to)) return { order, moved: false };
      const next: Order = { ...order, ...patch, status: to, updatedAt: now };
      if ((await this.state.save(orderKey(id), next, { etag })) === "saved") return { order: next, moved: true };
    }
    throw new ContendedError(orderKey(id));
  }

  // Listed first, then moved: a crash in between leaves an id whose order is not (yet) in need,
  // which needingAttention skips and the sweeper drops, never an order nobody will sweep.
  async needAttention(id: string, now: string, reason: CancellationReason, pending: UndoStep[]) {
    await mutate<string[]>(this.state, ATTENTION_KEY, (ids = []) => (ids.includes(id) ? undefined : [...ids, id]));
    return this.move(id, "needs-attention", now, { reason, pending });
  }

  async needingAttention(): Promise<Order[]> {
    const { value: ids = [] } = await this.state.get<string[]>(ATTENTION_KEY);
    return (await this.many(ids)).filter((o) => o.status === "needs-attention");
  }

  // What is still to undo of an order that needs attention; a no-op once it has moved on.
  async setPending(id: string, pending: UndoStep[]): Promise<void> {
    await mutate<unknown>(this.state, orderKey(id), (raw) => {
      const order = raw === undefined ? undefined : orderSchema.parse(raw);
      return order?.status === "needs-attention" ? { ...order, pending } : undefined;
    });
  }

  async forgetAttention(id: string): Promise<void> {
    await mutate<string[]>(this.state, ATTENTION_KEY, (ids = []) => (ids.includes(id) ? ids.filter((i) => i !== id) : undefined));
  }

  // Every order whose id is still listed as open (ended ones too, until forgetOpen drops them).
  async open(): Promise<Order[]> {
    const shards = await this.state.getMany<string[]>(Array.from({ length: OPEN_SHARDS }, (_, i) => openKey(i)));
    return this.many([...shards.values()].flat());
  }

  async forgetOpen(ids: readonly string[]): Promise<void> {
    const byShard = new Map<number, string[]>();
    for (const id of ids) byShard.set(shardOf(id), [...(byShard.get(shardOf(id)) ?? []), id]);
    await Promise.all([...byShard].map(([shard, gone]) => mutate<string[]>(this.state, openKey(shard), (open = []) => (gone.some((id) => open.includes(id)) ? open.filter((id) => !gone.includes(id)) : undefined))));
  }

  // One caller at a time may repair a stalled order; the claim lapses after `staleMs`, when the
  // next sweep may try again.
  claimRepair(id: string, staleMs: number, now: () => number): Promise<boolean> {
    return claim(this.state, `order-repair:${id}`, staleMs, now);
  }

  async listByUser(userId: string): Promise<Order[]> {
    const { value: ids = [] } = await this.state.get<string[]>(indexKey(userId));
    return this.many(ids);
  }

  private async many(ids: readonly string[]): Promise<Order[]> {
    const found = await this.state.getMany<unknown>(ids.map(orderKey));
    return ids.flatMap((id) => {
      const raw = found.get(orderKey(id));
      return raw === undefined ? [] : [orderSchema.parse(raw)];
    });
  }

  private async addToOpen(id: string): Promise<void> {
    await mutate<string[]>(this.state, openKey(shardOf(id)), (ids = []) => (ids.includes(id) ? undefined : [...ids, id]));
  }

  private async addToIndex(userId: string, id: string): Promise<void> {
    await mutate<string[]>(this.state, indexKey(userId), (ids = []) => (ids.includes(id) ? undefined : [id, ...ids]));
  }
}
