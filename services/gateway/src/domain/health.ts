import type { Health, Invoker } from "@quire/kit";

// Asks every backend's /healthz through its sidecar; one that does not answer in time is down.
export async function checkBackends(invoker: Invoker, appIds: readonly string[], timeoutMs: number): Promise<Health> {
  const entries = await Promise.all(
    appIds.map(async (appId) => {
      try {
        const res = await invoker.forward(appId, { method: "GET", target: "/healthz", headers: new Headers() }, AbortSignal.timeout(timeoutMs));
        await res.body?.cancel();
        return [appId, res.ok ? "ok" : "down"] as const;
      } catch {
        return [appId, "down"] as const;
      }
    }),
  );
  return { ok: entries.every(([, status]) => status === "ok"), details: { services: Object.fromEntries(entries) } };
}
