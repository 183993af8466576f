import { raw } from "hono/html";
import { FAILING_ERROR_RATE } from "../domain/dot.ts";
import type { ServiceMap } from "../domain/service-map.ts";
import { Layout, Notice } from "./layout.tsx";

export function MapPage({ map, svg, problem }: { map?: ServiceMap; svg?: string; problem?: string }) {
  return (
    <Layout title="Service map" section="map">
      <h1>Service map</h1>
      <p class="muted">
        Last 5 minutes, from the Dapr sidecars' metrics in Prometheus. <a href="/map.json">As JSON</a>.
      </p>
      {problem ? <Notice>{problem}</Notice> : null}
      {map && map.nodes.length === 0 ? <Notice kind="info">No sidecar has reported yet: the map fills in once Prometheus has scraped them.</Notice> : null}
      {map && map.nodes.length > 0 && map.edges.length === 0 ? <Notice kind="info">No traffic in the last 5 minutes: the apps are up but idle.</Notice> : null}
      {svg ? <figure class="map">{raw(svg)}</figure> : null}
      <Legend />
    </Layout>
  );
}

function Legend() {
  return (
    <section class="legend" aria-label="Legend">
      <h2>Legend</h2>
      <ul>
        <li>Box: an app (×N: N sidecars running). Ellipse: a pub/sub topic. Cylinder: a state store. Octagon: the secret store.</li>
        <li>Solid arrow: service invocation. Dashed: publish to a topic, then delivery to a subscriber. Dotted: state operations, secret reads.</li>
        <li>
          Each arrow: requests or messages per second · share that failed · 99th-percentile latency (invocations only). Secret reads happen when an
          app starts, so they are counted since its sidecar started.
        </li>
        <li>
          <strong class="warn">Red, thick</strong>{` arrows fail ${FAILING_ERROR_RATE * 100}% of the time or more: non-2xx answers, failed publishes, deliveries retried or dropped, failed state operations.`}
        </li>
      </ul>
    </section>
  );
}
