import { MemoryStateStore } from "@quire/kit";
import { pino } from "pino";
import { createApp } from "../src/app.ts";
import { InventoryService } from "../src/domain/inventory-service.ts";

export const A = "9780000000002";
export const B = "9780000000019";
export const UNKNOWN = "9780000000026";
export const TTL_MS = 60_000;
export const STAFF = { "x-user-id": "staff-1", "x-user-role": "admin" };

// A fresh store and shop per test, a clock the test moves by hand, and a tiny retry backoff so
// the races the tests provoke settle in milliseconds.
export async function setup(stock: Record<string, number> = { [A]: 10, [B]: 1 }, state = new MemoryStateStore()) {
  let now = 1_700_000_000_000;
  const inventory = new InventoryService(state, { reservationTtlMs: TTL_MS, clock: () => now, maxBackoffMs: 2 });
  for (const [isbn, onHand] of Object.entries(stock)) await inventory.setStock(isbn, onHand);
  const app = createApp({ inventory, logger: pino({ level: "silent" }), sweepBinding: "reservation-sweeper" });
  const send = (method: string, path: string, json?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method, headers: { ...headers, ...(json === undefined ? {} : { "content-type": "application/json" }) }, ...(json === undefined ? {} : { body: JSON.stringify(json) }) });
  // Staff, as the gateway names them.
  const asAdmin = (method: string, path: string, json?: unknown) => send(method, path, json, STAFF);
  const available = async (isbn: string) => (await inventory.availability(isbn))?.available;
  const advance = (ms: number) => void (now += ms);
  return { state, inventory, app, send, asAdmin, available, advance };
}

export const line = (isbn: string, quantity: number) => ({ isbn, quantity });
