import { MemoryStateStore } from "@quire/kit";
import { pino } from "pino";
import { createApp } from "../src/app.ts";
import { InventoryService } from "../src/domain/inventory-service.ts";

export const A = "9780000000002";
export const B = "9780000000019";
export const UNKNOWN = "9780000000026";
export const TTL_MS = 60_000;

// A fresh store and shop per test, a clock the test moves by hand, and a tiny retry backoff so
// the races the tests provoke settle in milliseconds.
export async function setup(stock: Record<string, number> = { [A]: 10, [B]: 1 }, state = new MemoryStateStore()) {
  let now = 1_700_000_000_000;
  const inventory = new InventoryService(state, { reservationTtlMs: TTL_MS, clock: () => now, maxBackoffMs: 2 });
  for (const [isbn, onHand] of Object.entries(stock)) await inventory.setStock(isbn, onHand);
  const app = createApp({ inventory, logger: pino({ level: "silent" }), sweepBinding: "reservation-sweeper" });
  const send = (method: string, path: string, json?: unknown) =>
    app.request(path, { method, ...(json === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(json) }) });
  const available = async (isbn: string) => (await inventory.availability(isbn))?.available;
  const advance = (ms: number) => void (now += ms);
  return { state, inventory, app, send, available, advance };
}

export const line = (isbn: string, quantity: number) => ({ isbn, quantity });
