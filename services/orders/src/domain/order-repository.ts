import { claim, ContendedError, mutate, type Outbox, type OutboxEvent, type StateStore } from "@quire/kit";
import { announcement, type OrderEventType } from "./announcements.ts";
import { canMove, orderSchema, type Order, type OrderStatus } from "./order.ts";

const orderKey = (id: string) => `order:${id}`;
const indexKey = (userId: string) => `orders-of:${userId}`;
const MAX_ATTEMPTS = 30;
const CLAIM_STALE_MS = 10_000;

// Orders, one key each, changed only together with the event that announces the change
// (transactional outbox), plus a per-user index for the history.
export class OrderRepository {
  constructor(
    private readonly state: StateStore,
    private readonly outbox: Outbox,
  ) {}

  async get(id: string): Promise<Order | undefined> {
    const { value } = await this.state.get<unknown>(orderKey(id));
    return value === undefined ? undefined : orderSchema.parse(value);
  }

  // Creates the order with its order.placed event once, however many callers race to do it: only
  // the claim's winner writes. Returns undefined when another caller is writing it right now.
  async create(order: Order, event: OutboxEvent): Promise<Order | undefined> {
    let stored = await this.get(order.id);
    if (!stored) {
      if (!(await claim(this.state, `order-claim:${order.id}`, CLAIM_STALE_MS))) return this.get(order.id);
      stored = (await this.get(order.id)) ?? order;
      if (stored === order && (await this.outbox.saveWithEvent(orderKey(order.id), order, undefined, event)) !== "saved") return this.get(order.id);
    }
    await this.addToIndex(stored.userId, stored.id);
    return stored;
  }

  // Moves an order forward, announcing the move with the event `announce` names; a move already
  // made, or no longer allowed, is a no-op. Without an event the change is a plain conditional
  // write (e.g. "shipped", which shipping announces).
  async move(id: string, to: OrderStatus, now: string, { patch, announce }: { patch?: Partial<Order>; announce?: OrderEventType } = {}): Promise<Order> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { value, etag } = await this.state.get<unknown>(orderKey(id));
      if (value === undefined) throw new Error(`Order ${id} does not exist`);
      const order = orderSchema.parse(value);
      if (order.status === to || !canMove(order.status, to)) return order;
      const next: Order = { ...order, ...patch, status: to, updatedAt: now };
      const result = announce ? await this.outbox.saveWithEvent(orderKey(id), next, etag, announcement(next, announce)) : await this.state.save(orderKey(id), next, { etag });
      if (result === "saved") return next;
    }
    throw new ContendedError(orderKey(id));
  }

  // Announces one of the order's events again: the order is written back unchanged, with the
  // event, through the outbox (see Announcements).
  async announceAgain(id: string, type: OrderEventType): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { value, etag } = await this.state.get<unknown>(orderKey(id));
      if (value === undefined) throw new Error(`Order ${id} does not exist`);
      const order = orderSchema.parse(value);
      if ((await this.outbox.saveWithEvent(orderKey(id), order, etag, announcement(order, type))) === "saved") return;
    }
    throw new ContendedError(orderKey(id));
  }

  async listByUser(userId: string): Promise<Order[]> {
    const { value: ids = [] } = await this.state.get<string[]>(indexKey(userId));
    const found = await this.state.getMany<unknown>(ids.map(orderKey));
    return ids.flatMap((id) => {
      const raw = found.get(orderKey(id));
      return raw === undefined ? [] : [orderSchema.parse(raw)];
    });
  }

  private async addToIndex(userId: string, id: string): Promise<void> {
    await mutate<string[]>(this.state, indexKey(userId), (ids = []) => (ids.includes(id) ? undefined : [id, ...ids]));
  }
}
