import { StateConcurrencyEnum, type DaprClient } from "@dapr/dapr";
import { sidecarStatus } from "./dapr.ts";
import { MemoryStateStore, type SaveResult } from "./state.ts";
import { retryTransient } from "./transient.ts";

export type OutboxEvent = { type: string; data: unknown };

// A state write and the event announcing it, committed together (Dapr's transactional outbox):
// either both happen or neither. The store's component names the topic (outboxPublishTopic);
// the event's `type` becomes the CloudEvent type, so subscribers can route on it.
export interface Outbox {
  saveWithEvent<T>(key: string, value: T, etag: string | undefined, event: OutboxEvent): Promise<SaveResult>;
}

export class DaprOutbox implements Outbox {
  constructor(
    private readonly client: DaprClient,
    private readonly storeName: string,
  ) {}

  // A transaction the database aborted changed nothing, so it is tried again a few times.
  async saveWithEvent<T>(key: string, value: T, etag: string | undefined, event: OutboxEvent): Promise<SaveResult> {
    try {
      return await retryTransient(async () => {
        try {
          await this.client.state.transaction(this.storeName, [
            // first-write: with an ETag it must match; without one the key must be new (a create).
            { operation: "upsert", request: { key, value, ...(etag ? { etag } : {}), metadata: { type: event.type }, options: { concurrency: StateConcurrencyEnum.CONCURRENCY_FIRST_WRITE } } as never },
            // The projection replaces the published payload: subscribers get the event, not the row.
            { operation: "upsert", request: { key, value: event.data, metadata: { "outbox.projection": "true", contentType: "application/json" } } as never },
          ]);
          return "saved";
        } catch (err) {
          if (sidecarStatus(err) === 409) return "conflict";
          // Some stores report a lost create race as a plain failure (see DaprStateStore.save).
          if (!etag && (await this.client.state.getBulk(this.storeName, [key]))[0]?.etag) return "conflict";
          throw err;
        }
      });
    } catch (err) {
      throw new Error(`Outbox write of ${key} to ${this.storeName} failed`, { cause: err });
    }
  }
}

// In-memory twin for unit tests: the same ETag rules, and the events it would have published.
export class MemoryOutbox implements Outbox {
  readonly published: OutboxEvent[] = [];

  constructor(readonly state: MemoryStateStore = new MemoryStateStore()) {}

  async saveWithEvent<T>(key: string, value: T, etag: string | undefined, event: OutboxEvent): Promise<SaveResult> {
    const result = await this.state.save(key, value, { etag });
    if (result === "saved") this.published.push(structuredClone(event));
    return result;
  }
}
