import type { Waterfall } from "../domain/waterfall.ts";
import { duration, Layout, Notice, when } from "./layout.tsx";

export function WaterfallPage({ traceId, trace, problem }: { traceId: string; trace?: Waterfall; problem?: string }) {
  const services = trace ? [...new Set(trace.rows.map((r) => r.service))] : [];
  return (
    <Layout title={`Trace ${traceId}`} section="traces">
      <h1>Trace</h1>
      <p class="muted mono">{traceId}</p>
      {problem ? <Notice>{problem}</Notice> : null}
      {trace ? (
        <>
          <p>
            {`${trace.summary.rootOperation} · started ${when(trace.summary.startUs)} · ${duration(trace.summary.durationUs)} · ${trace.rows.length} spans · `}
            {trace.summary.error ? <strong class="warn">has errors</strong> : "no errors"}
          </p>
          <p class="muted">{`Services: ${services.join(", ")}`}</p>
          <table class="waterfall">
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Operation</th>
                <th scope="col" class="num">Start</th>
                <th scope="col" class="num">Duration</th>
                <th scope="col" class="timeline">Timeline</th>
              </tr>
            </thead>
            <tbody>
              {trace.rows.map((r) => (
                <tr class={r.error ? "failed" : undefined}>
                  <td>
                    <span class={`service s${services.indexOf(r.service) % 8}`}>{r.service}</span>
                  </td>
                  <td class={`depth-${Math.min(r.depth, 8)}`}>
                    {r.error ? <strong class="warn">{"error "}</strong> : null}
                    {r.operation}
                  </td>
                  <td class="num">{`+${duration(r.offsetUs)}`}</td>
                  <td class="num">{duration(r.durationUs)}</td>
                  <td class="timeline">
                    {/* An SVG bar: positioned by attributes, so the page needs no inline style. */}
                    <svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label={`from ${r.leftPct}% to ${Math.min(100, r.leftPct + r.widthPct)}% of the trace`}>
                      <rect class={r.error ? "bar error" : `bar s${services.indexOf(r.service) % 8}`} x={r.leftPct} y={1} width={Math.max(r.widthPct, 0.3)} height={8} />
                    </svg>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <p>
        <a href="/traces">All recent traces</a>
      </p>
    </Layout>
  );
}
