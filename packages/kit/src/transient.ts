// A write the database itself gave up on (a deadlock victim, a lock wait timeout, SQLite busy,
// MariaDB's auto-increment hiccup under load) or a read the runtime calls transient changed
// nothing, so it may simply be tried again.
const TRANSIENT = /deadlock|try restarting transaction|lock wait timeout|database is locked|auto-increment|transient store read failure/i;

export function isTransient(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if (TRANSIENT.test(e instanceof Error ? e.message : String(e))) return true;
  }
  return false;
}

// Runs `attempt` again (up to `tries` times, with a short random backoff) while it fails transiently.
export async function retryTransient<T>(attempt: () => Promise<T>, tries = 5): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (n >= tries || !isTransient(err)) throw err;
      await new Promise((r) => setTimeout(r, 20 * 2 ** n * Math.random()));
    }
  }
}
