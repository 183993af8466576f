import type { Metrics } from "../adapters/prometheus.ts";
import { grewWithin } from "./window.ts";

export type DeadLetterTopic = { topic: string; lastHour: number; sinceStart: number };

// A message lands on "<topic>-deadletter" when its subscriber gave up on it. The count of
// messages published there is the count of messages no subscriber handled. "Since start" is the
// sum of the sidecars' counters, which restart with their daprd.
const DEAD_LETTERS = 'dapr_component_pubsub_egress_count{topic=~".*-deadletter", success="true"}';
export const deadLetterQueries = {
  lastHour: `sum by (topic) (${grewWithin(DEAD_LETTERS, "1h")})`,
  sinceStart: `sum by (topic) (${DEAD_LETTERS})`,
} as const;

// A topic shows up after its first message: until then no sidecar has a series for it.
export async function deadLetterTopics(metrics: Metrics): Promise<DeadLetterTopic[]> {
  const [lastHour, sinceStart] = await Promise.all([metrics.query(deadLetterQueries.lastHour), metrics.query(deadLetterQueries.sinceStart)]);
  const rows = new Map<string, DeadLetterTopic>();
  const row = (topic: string) => rows.get(topic) ?? rows.set(topic, { topic, lastHour: 0, sinceStart: 0 }).get(topic)!;
  // increase() extrapolates to the window's edges, so it can say 2.9 for 3 messages.
  for (const s of lastHour) row(s.metric.topic ?? "").lastHour = Math.round(s.value);
  for (const s of sinceStart) row(s.metric.topic ?? "").sinceStart = Math.round(s.value);
  return [...rows.values()].sort((a, b) => b.lastHour - a.lastHour || a.topic.localeCompare(b.topic));
}
