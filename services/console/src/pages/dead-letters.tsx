import type { Shelf } from "../domain/dead-letter-log.ts";
import type { DeadLetterTopic } from "../domain/dead-letters.ts";
import type { Reached } from "../routes/reach.ts";
import { Layout, Notice } from "./layout.tsx";

export function DeadLettersPage({ recorded, published }: { recorded: Reached<Shelf[]>; published: Reached<DeadLetterTopic[]> }) {
  const lastHour = (topic: string) => (published.ok ? String(published.value.find((t) => t.topic === topic)?.lastHour ?? 0) : "?");
  return (
    <Layout title="Dead letters" section="dead-letters">
      <h1>Dead letters</h1>
      <p>
        A message goes to a dead-letter topic (a topic named <code>…-deadletter</code>) when a subscriber gave up on it: it answered that the
        message can never be processed, or it kept failing through every retry. The console subscribes to each one and records what lands.{" "}
        <strong>0 means nothing was lost to a dead letter.</strong>
      </p>
      {recorded.ok ? null : <Notice>{recorded.problem}</Notice>}
      {published.ok ? null : <Notice>{published.problem}</Notice>}
      {recorded.ok ? (
        <>
          <table>
            <thead>
              <tr>
                <th scope="col">Dead-letter topic</th>
                <th scope="col" class="num">Recorded</th>
                <th scope="col" class="num">Published in the last hour</th>
              </tr>
            </thead>
            <tbody>
              {recorded.value.map((shelf) => (
                <tr class={shelf.count > 0 ? "failed" : undefined}>
                  <td class="mono">{shelf.topic}</td>
                  <td class="num">{shelf.count > 0 ? <strong class="warn">{shelf.count}</strong> : "0"}</td>
                  <td class="num">{lastHour(shelf.topic)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {recorded.value.filter((shelf) => shelf.latest.length > 0).map((shelf) => <Latest shelf={shelf} />)}
        </>
      ) : null}
      <p class="muted">Recorded counts are kept in the console's state store; the last hour comes from the sidecars' metrics, which restart with them.</p>
    </Layout>
  );
}

function Latest({ shelf }: { shelf: Shelf }) {
  return (
    <section aria-label={`Latest on ${shelf.topic}`}>
      <h2>{`Latest on ${shelf.topic}`}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">Type</th>
            <th scope="col">Event id</th>
            <th scope="col">Data</th>
          </tr>
        </thead>
        <tbody>
          {shelf.latest.map((letter) => (
            <tr>
              <td class="mono">{letter.receivedAt}</td>
              <td>{letter.type}</td>
              <td class="mono">{letter.id}</td>
              <td class="mono">{letter.data}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
