import type { TraceSummary } from "../domain/trace-list.ts";
import { duration, Layout, Notice, when } from "./layout.tsx";

type Props = { traces?: TraceSummary[]; order?: string | undefined; problem?: string };

export function TracesPage({ traces, order, problem }: Props) {
  return (
    <Layout title="Traces" section="traces">
      <h1>Traces</h1>
      <form class="search" role="search" action="/traces" method="get">
        <label for="order">Order id or trace id</label>
        <input id="order" name="order" type="search" value={order ?? ""} maxlength={100} />
        <button type="submit">Find</button>
        {order ? <a href="/traces">Recent traces</a> : null}
      </form>
      <p class="muted">
        {order
          ? `Traces with a span tagged order.id = ${order}, newest first.`
          : "The latest few traces of every app that reports to Jaeger, newest first."}
      </p>
      {problem ? <Notice>{problem}</Notice> : null}
      {traces && traces.length === 0 ? <Notice kind="info">{order ? `No trace mentions ${order}.` : "Jaeger has no traces yet."}</Notice> : null}
      {traces && traces.length > 0 ? <TraceTable traces={traces} /> : null}
    </Layout>
  );
}

function TraceTable({ traces }: { traces: TraceSummary[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Root operation</th>
          <th scope="col">Started</th>
          <th scope="col" class="num">Duration</th>
          <th scope="col">Services</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {traces.map((t) => (
          <tr class={t.error ? "failed" : undefined}>
            <td>
              <a href={`/traces/${t.traceId}`}>{t.rootOperation}</a>
              <span class="muted">{` ${t.rootService} · ${t.spanCount} spans`}</span>
            </td>
            <td>{when(t.startUs)}</td>
            <td class="num">{duration(t.durationUs)}</td>
            <td>{t.services.join(", ")}</td>
            <td>{t.error ? <strong class="warn">yes</strong> : "no"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
