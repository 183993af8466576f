import type { DaprClient } from "@dapr/dapr";

// An event as a service announces it. `key` is its identity: the same event announced twice has
// the same key (it also becomes the CloudEvent id), and consumers dedupe by it. `type` is the
// CloudEvent type subscribers route on; `data` the payload its contract describes.
export type DomainEvent = { key: string; type: string; data: unknown };

// Announces events on one topic. `publish` returns once the broker has the event and throws when
// it does not, so the caller tries again: the same event, which consumers recognise.
//
// Why not Dapr's transactional outbox: in Dapr 1.18.2 it publishes an internal message before it
// commits, then waits for the commit with a backoff that never stops (its ExponentialBackOff has
// no Stop value, so it retries forever at once). Every outbox transaction that rolls back (an
// ETag conflict, a deadlock) keeps one of the internal topic's ten handlers busy for good, and
// after ten of them no event is forwarded again; on Redis, whose transactions do not roll back,
// the marker is written anyway and a change that failed is announced. A state write followed by
// a publish that is retried until it succeeds (a workflow activity, a redelivered event) gives
// the same guarantee, at least once, without either.
export interface Publisher {
  publish(event: DomainEvent): Promise<void>;
}

export class DaprPublisher implements Publisher {
  constructor(
    private readonly client: DaprClient,
    private readonly pubsubName: string,
    private readonly topic: string,
  ) {}

  async publish({ key, type, data }: DomainEvent): Promise<void> {
    const { error } = await this.client.pubsub.publish(this.pubsubName, this.topic, data as object, {
      metadata: { "cloudevent.id": key, "cloudevent.type": type },
    });
    if (error) throw new Error(`Publishing ${key} to ${this.topic} failed`, { cause: error });
  }
}

// In-memory twin for unit tests: what was published, and a broker that refuses the next
// `refusals[type]` events of a type.
export class MemoryPublisher implements Publisher {
  readonly published: DomainEvent[] = [];

  constructor(readonly refusals: Record<string, number> = {}) {}

  async publish(event: DomainEvent): Promise<void> {
    if ((this.refusals[event.type] ?? 0) > 0) {
      this.refusals[event.type]!--;
      throw new Error(`the broker refused ${event.key}`);
    }
    this.published.push(structuredClone(event));
  }
}
