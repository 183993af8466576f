import type { Target } from "../adapters/prometheus.ts";
import { Layout, Notice } from "./layout.tsx";

export type BackendStatus = { name: string; problem?: string; detail?: string };

export function HealthPage({ backends, targets, versions }: { backends: BackendStatus[]; targets?: Target[]; versions: Map<string, string> }) {
  const down = targets?.filter((t) => t.health !== "up").length ?? 0;
  return (
    <Layout title="Health" section="health">
      <h1>Health</h1>
      <h2>Backends</h2>
      <ul class="backends">
        {backends.map((b) => (b.problem ? <li><Notice>{b.problem}</Notice></li> : <li class="ok">{`${b.name} answers${b.detail ? `: ${b.detail}` : ""}.`}</li>))}
      </ul>
      {targets ? (
        <>
          <h2>Scrape targets</h2>
          <p class="muted">{`${targets.length} targets, ${down} not up. "sidecars" is one per daprd; "apps" one per app (its own /metrics); "control-plane" is sentry, placement and scheduler.`}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Instance</th>
                <th scope="col">State</th>
                <th scope="col">Version</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {targets.map((t) => (
                <tr class={t.health === "up" ? undefined : "failed"}>
                  <td>{t.job}</td>
                  <td class="mono">{t.instance}</td>
                  <td>{t.health === "up" ? "up" : <strong class="warn">{t.health}</strong>}</td>
                  <td>{versions.get(t.instance) ?? "—"}</td>
                  <td>{t.lastError || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </Layout>
  );
}
