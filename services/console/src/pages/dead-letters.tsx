import type { DeadLetterTopic } from "../domain/dead-letters.ts";
import { Layout, Notice } from "./layout.tsx";

export function DeadLettersPage({ topics, problem }: { topics?: DeadLetterTopic[]; problem?: string }) {
  return (
    <Layout title="Dead letters" section="dead-letters">
      <h1>Dead letters</h1>
      <p>
        A message goes to a dead-letter topic (a topic named <code>…-deadletter</code>) when its subscriber gave up on it. The counts below are
        messages published to each one. <strong>0 means nothing was lost to a dead letter in that window.</strong>
      </p>
      {problem ? <Notice>{problem}</Notice> : null}
      {topics && topics.length === 0 ? (
        <Notice kind="info">No message has gone to a dead-letter topic since the sidecars started: nothing was lost to a dead letter.</Notice>
      ) : null}
      {topics && topics.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Dead-letter topic</th>
              <th scope="col" class="num">Last hour</th>
              <th scope="col" class="num">Since the sidecars started</th>
            </tr>
          </thead>
          <tbody>
            {topics.map((t) => (
              <tr class={t.lastHour > 0 ? "failed" : undefined}>
                <td class="mono">{t.topic}</td>
                <td class="num">{t.lastHour > 0 ? <strong class="warn">{t.lastHour}</strong> : "0"}</td>
                <td class="num">{String(t.sinceStart)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p class="muted">A topic is listed after its first dead letter; counters start again when a sidecar restarts.</p>
    </Layout>
  );
}
