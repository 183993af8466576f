import { AppError, ContendedError, mutate, type StateStore } from "@quire/kit";
import { available, INDEX_KEY, indexSchema, mergeLines, reservationKey, reservationSchema, reservedCopies, stockKey, stockSchema } from "./stock.ts";
import { withHold, withoutHold, withReturn, type Line, type Reservation, type ReservationStatus, type Stock } from "./stock.ts";

export type InventoryOptions = {
  reservationTtlMs: number;
  clock?: () => number;
  // Upper bound of the random wait before retrying a write that lost a race; tests make it tiny.
  maxBackoffMs?: number;
};

export type ReservationOutcome = { orderId: string; status: ReservationStatus; reason?: string };
type Hold = "held" | "short" | "unknown" | "busy";

// Stock per ISBN with holds per order. Every change is a conditional (ETag) write of ONE key,
// never a state transaction (not all-or-nothing on Redis), so two buyers can never both take the
// last copy. An order over several books takes them one by one and gives back what it took when
// one is short. Each reservation's fate is decided once, by a conditional write of its status
// *before* stock is touched for it, so a retry, a release and the sweep cannot undo each other.
export class InventoryService {
  constructor(
    private readonly state: StateStore,
    private readonly options: InventoryOptions,
  ) {}

  async availability(isbn: string): Promise<{ isbn: string; available: number } | undefined> {
    const { value } = await this.state.get<unknown>(stockKey(isbn));
    return value === undefined ? undefined : { isbn, available: available(stockSchema.parse(value)) };
  }

  async reservation(orderId: string): Promise<Reservation | undefined> {
    const { value } = await this.state.get<unknown>(reservationKey(orderId));
    return value === undefined ? undefined : reservationSchema.parse(value);
  }

  async reserve(orderId: string, items: readonly Line[]): Promise<ReservationOutcome> {
    const created = { orderId, items: mergeLines(items), status: "pending" as const, at: this.now() };
    const doc = reservationSchema.parse(await this.update<unknown>(reservationKey(orderId), (current) => (current ? undefined : created)));
    // Asked again (a retried step): the first decision stands. Pending means a call died half-way: go on.
    if (doc.status !== "pending") return this.settle(doc);

    const problems: Record<Exclude<Hold, "held">, string[]> = { short: [], unknown: [], busy: [] };
    for (const { isbn, quantity } of doc.items) {
      const hold = await this.hold(orderId, isbn, quantity);
      if (hold !== "held") problems[hold].push(isbn);
    }
    const reason = [
      problems.short.length ? `Out of stock: ${problems.short.join(", ")}` : "",
      problems.unknown.length ? `Not stocked: ${problems.unknown.join(", ")}` : "",
      problems.busy.length ? `Too many buyers at once for: ${problems.busy.join(", ")}` : "",
    ].filter(Boolean).join("; ");
    // Another call for this order (a retry, a release, the sweep) may have decided first: its decision wins.
    const decided = await this.decide(orderId, ["pending"], reason ? "rejected" : "reserved", reason || undefined);
    if (!decided) throw new Error(`The reservation for order ${orderId} vanished while stock was being taken for it.`);
    return this.settle(decided);
  }

  // Compensation: always answers, and an unknown order has nothing to give back.
  async release(orderId: string): Promise<ReservationOutcome> {
    const decided = await this.decide(orderId, ["pending", "reserved"], "released");
    return decided ? this.settle(decided) : { orderId, status: "released" };
  }

  async commit(orderId: string): Promise<ReservationOutcome> {
    const decided = await this.decide(orderId, ["reserved"], "committed");
    if (decided?.status !== "committed") {
      throw new AppError("CONFLICT", `Order ${orderId} holds no reservation to commit (it is ${decided?.status ?? "unknown"}).`);
    }
    return this.settle(decided);
  }

  // Compensation after a commit: the order could not be completed, so its sold copies go back on
  // the shelf. Idempotent; an order that sold nothing (released, rejected, unknown) has nothing to
  // give back and answers as it stands. Still held (not committed) is a 409: release that instead.
  async returnStock(orderId: string): Promise<ReservationOutcome> {
    const decided = await this.decide(orderId, ["committed"], "returned");
    if (!decided) return { orderId, status: "released" };
    if (decided.status === "pending" || decided.status === "reserved") {
      throw new AppError("CONFLICT", `Order ${orderId} has sold nothing yet (it is ${decided.status}): release it instead.`);
    }
    return this.settle(decided);
  }

  // Releases the orders whose holds outlived the TTL (their checkout died half-way).
  async sweep(now: number = this.now()): Promise<number> {
    const stale = new Map<string, string[]>();
    for (const raw of (await this.state.getMany<unknown>((await this.index()).map(stockKey))).values()) {
      const stock = stockSchema.parse(raw);
      for (const [orderId, { at }] of Object.entries(stock.reservations)) {
        if (now - at > this.options.reservationTtlMs) stale.set(orderId, [...(stale.get(orderId) ?? []), stock.isbn]);
      }
    }
    let released = 0;
    const failures: unknown[] = [];
    // One order that fails (e.g. a contended book) must not keep the others held; the next run retries it.
    for (const [orderId, isbns] of stale) {
      try {
        const doc = await this.reservation(orderId);
        // A hold without its order cannot normally exist, but it must not keep copies forever.
        if (!doc) await this.dropHolds(orderId, isbns, false);
        // Decided orders (committed, rejected, released) only get their leftover stock writes finished.
        const open = doc?.status === "pending" || doc?.status === "reserved";
        if (doc && (await this.release(orderId)).status === "released" && open) released++;
      } catch (err) {
        failures.push(err);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `The sweep released ${released} orders but failed on ${failures.length}.`);
    return released;
  }

  async setStock(isbn: string, onHand: number): Promise<{ isbn: string; available: number; onHand: number }> {
    const stock = stockSchema.parse(
      await this.update<unknown>(stockKey(isbn), (current) => {
        const stock = current === undefined ? { isbn, onHand, reservations: {} } : stockSchema.parse(current);
        if (onHand < reservedCopies(stock)) throw new AppError("CONFLICT", `${reservedCopies(stock)} copies of ${isbn} are reserved: on hand cannot drop to ${onHand}.`);
        return { ...stock, onHand };
      }),
    );
    await this.update<string[]>(INDEX_KEY, (isbns = []) => (isbns.includes(isbn) ? undefined : [...isbns, isbn]));
    return { isbn, available: available(stock), onHand };
  }

  private async hold(orderId: string, isbn: string, quantity: number): Promise<Hold> {
    let hold: Hold = "unknown";
    try {
      await this.updateStock(isbn, (stock) => {
        // Already held: this call resumes one that died after taking this book, so take nothing more.
        const already = stock.reservations[orderId] !== undefined;
        hold = already || available(stock) >= quantity ? "held" : "short";
        return hold === "held" && !already ? withHold(stock, orderId, quantity, this.now()) : undefined;
      });
    } catch (err) {
      if (!(err instanceof AppError && err.code === "CONFLICT")) throw err;
      hold = "busy";
    }
    return hold;
  }

  // Carries out a decision's stock writes. Each skips what is already done, so running one again
  // finishes what a crash or a concurrent call left half-way and never counts a book twice.
  private async settle(doc: Reservation): Promise<ReservationOutcome> {
    const { orderId, status, reason } = doc;
    const isbns = doc.items.map((line) => line.isbn);
    if (status === "committed") await this.dropHolds(orderId, isbns, true);
    if (status === "rejected" || status === "released") await this.dropHolds(orderId, isbns, false);
    if (status === "returned") for (const { isbn, quantity } of doc.items) await this.updateStock(isbn, (s) => withReturn(s, orderId, quantity));
    return { orderId, status, ...(reason ? { reason } : {}) };
  }

  // Gives the order's held copies back, or with `sold` takes them off the shelf.
  private async dropHolds(orderId: string, isbns: readonly string[], sold: boolean) {
    for (const isbn of isbns) await this.updateStock(isbn, (s) => (s.reservations[orderId] ? withoutHold(s, orderId, sold) : undefined));
  }

  // Moves a reservation from one of `from` to `to`; answers the reservation as it then stands.
  private async decide(orderId: string, from: readonly ReservationStatus[], to: ReservationStatus, reason?: string): Promise<Reservation | undefined> {
    const doc = await this.update<unknown>(reservationKey(orderId), (current) => {
      const doc = current === undefined ? undefined : reservationSchema.parse(current);
      return doc && from.includes(doc.status) ? { ...doc, status: to, ...(reason ? { reason } : {}) } : undefined;
    });
    return doc === undefined ? undefined : reservationSchema.parse(doc);
  }

  private async updateStock(isbn: string, change: (stock: Stock) => Stock | undefined) {
    await this.update<unknown>(stockKey(isbn), (current) => (current === undefined ? undefined : change(stockSchema.parse(current))));
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  private async index(): Promise<string[]> {
    const { value } = await this.state.get<unknown>(INDEX_KEY);
    return value === undefined ? [] : indexSchema.parse(value);
  }

  // ETag read-modify-write of one key, retried after a random, growing wait when it lost a race.
  private async update<T>(key: string, change: (current: T | undefined) => T | undefined): Promise<T | undefined> {
    try {
      return await mutate<T>(this.state, key, change, { attempts: 50, maxBackoffMs: this.options.maxBackoffMs ?? 200 });
    } catch (err) {
      if (err instanceof ContendedError) throw new AppError("CONFLICT", `${key} kept changing while we updated it; please try again.`, undefined, { cause: err });
      throw err;
    }
  }
}
