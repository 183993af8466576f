import type { Health, Invoker } from "@quire/kit";

export type BackendHealth = Health & { down: string[] };

// Asks every backend's /healthz through its sidecar; one that does not answer in time is down.
export async function checkBackends(invoker: Invoker, appIds: readonly string[], timeoutMs: number): Promise<BackendHealth> {
  const up = await Promise.all(
    appIds.map(async (appId) => {
      try {
        const res = await invoker.forward(appId, { method: "GET", target: "/healthz", headers: new Headers() }, AbortSignal.timeout(timeoutMs));
        await res.body?.cancel();
        return res.ok;
      } catch {
        return false;
      }
    }),
  );
  const down = appIds.filter((_, i) => !up[i]);
  return { ok: down.length === 0, down };
}

export type HealthCacheOptions = { maxAgeMs?: number; clock?: () => number };

// /healthz is public and polled: without a cache every request would fan out one invocation per
// backend. A round of checks starts at most once per `maxAgeMs`, and never while one is under way:
// every request in between shares the round's answer.
export function cachedHealth(check: () => Promise<Health>, { maxAgeMs = 1000, clock = Date.now }: HealthCacheOptions = {}): () => Promise<Health> {
  let round: { startedAt: number; done: boolean; result: Promise<Health> } | undefined;
  return () => {
    if (round && (!round.done || clock() - round.startedAt < maxAgeMs)) return round.result;
    const current = { startedAt: clock(), done: false, result: check().catch((): Health => ({ ok: false })) };
    void current.result.then(() => void (current.done = true));
    round = current;
    return current.result;
  };
}
