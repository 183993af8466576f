import { Unreachable } from "../adapters/backend.ts";

export type Reached<T> = { ok: true; value: T } | { ok: false; problem: string };

// A backend that does not answer is news for the operator, not a failure of the console: the
// page says so in place of the data. Anything else is our bug and goes to onError.
export async function reach<T>(work: Promise<T>): Promise<Reached<T>> {
  try {
    return { ok: true, value: await work };
  } catch (err) {
    if (err instanceof Unreachable) return { ok: false, problem: err.message };
    throw err;
  }
}
