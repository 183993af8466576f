import { randomUUID } from "node:crypto";
import type { StateStore } from "./state.ts";

export type MutateOptions = { ttlSeconds?: number; attempts?: number; maxBackoffMs?: number };

// Thrown when a key kept changing under us for every attempt: the caller turns it into a 409.
export class ContendedError extends Error {
  constructor(key: string) {
    super(`${key} kept changing while we updated it`);
    this.name = "ContendedError";
  }
}

// Read-modify-write of one key with its ETag: `change` sees the current value (undefined when
// the key is new) and returns the next one, or undefined to leave the key as it is. A write that
// lost a race is retried on fresh data after a random, growing wait, so concurrent updates are
// never lost and never overwrite each other. Returns what is stored afterwards.
export async function mutate<T>(state: StateStore, key: string, change: (current: T | undefined) => T | undefined, options: MutateOptions = {}): Promise<T | undefined> {
  const { attempts = 50, maxBackoffMs = 200, ttlSeconds } = options;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const { value, etag } = await state.get<T>(key);
    const next = change(value);
    if (next === undefined) return value;
    const result = await state.save(key, next, { etag, ...(ttlSeconds !== undefined ? { ttlSeconds } : {}) });
    if (result === "saved") return next;
    await new Promise((r) => setTimeout(r, Math.random() * Math.min(maxBackoffMs, 5 * 2 ** Math.min(attempt, 8))));
  }
  throw new ContendedError(key);
}

// Claims a one-time job (e.g. "announce this order once") for this caller. Only one concurrent
// claimer wins; a claim older than `staleMs` is taken over, so a crashed holder does not block
// the job forever. Needed because a state transaction cannot be create-only on every store.
export async function claim(state: StateStore, key: string, staleMs: number, now: () => number = Date.now): Promise<boolean> {
  const token = randomUUID();
  const held = await mutate<{ token: string; at: number }>(state, key, (current) => (!current || now() - current.at > staleMs ? { token, at: now() } : undefined));
  return held?.token === token;
}
