import { StateConcurrencyEnum, type DaprClient } from "@dapr/dapr";
import { sidecarStatus } from "./dapr.ts";
import { retryTransient } from "./transient.ts";

export type Versioned<T> = { value: T | undefined; etag: string | undefined };
export type SaveOptions = {
  // Write only if the stored ETag still equals this one (first-write-wins); none = create.
  etag?: string | undefined;
  ttlSeconds?: number;
};
export type SaveResult = "saved" | "conflict";

// Key/value state with optimistic concurrency: what Quire services need from a Dapr state store.
export interface StateStore {
  get<T>(key: string): Promise<Versioned<T>>;
  getMany<T>(keys: readonly string[]): Promise<Map<string, T>>;
  save<T>(key: string, value: T, options?: SaveOptions): Promise<SaveResult>;
  saveMany(entries: ReadonlyArray<{ key: string; value: unknown }>): Promise<void>;
  delete(key: string): Promise<void>;
}

export class DaprStateStore implements StateStore {
  constructor(
    private readonly client: DaprClient,
    private readonly storeName: string,
  ) {}

  async get<T>(key: string): Promise<Versioned<T>> {
    // getBulk, unlike get, hands back the ETag the next conditional save needs.
    const [item] = (await this.client.state.getBulk(this.storeName, [key])) as BulkItem<T>[];
    return { value: item?.data === "" ? undefined : item?.data, etag: item?.etag };
  }

  async getMany<T>(keys: readonly string[]): Promise<Map<string, T>> {
    if (keys.length === 0) return new Map();
    const items = (await this.client.state.getBulk(this.storeName, [...keys])) as BulkItem<T>[];
    return new Map(items.filter((i) => i.data !== undefined && i.data !== "").map((i) => [i.key, i.data as T]));
  }

  // A write the database aborted (see transient.ts) is tried again; a lost race is a conflict.
  async save<T>(key: string, value: T, { etag, ttlSeconds }: SaveOptions = {}): Promise<SaveResult> {
    return retryTransient(async () => {
      const result = await this.client.state.save(this.storeName, [
        {
          key,
          value,
          ...(etag !== undefined ? { etag } : {}),
          ...(ttlSeconds !== undefined ? { metadata: { ttlInSeconds: String(ttlSeconds) } } : {}),
          // The SDK wants its enum here; a plain "first-write" string is silently dropped.
          options: { concurrency: StateConcurrencyEnum.CONCURRENCY_FIRST_WRITE },
        } as never,
      ]);
      if (!result.error) return "saved";
      // 409: the ETag moved on. A create (no ETag) that lost to another writer is not reported as
      // an ETag error by every store (Redis answers 500), so look: if the key exists now, it was a race.
      if (sidecarStatus(result.error) === 409) return "conflict";
      if (etag === undefined && (await this.get(key)).etag !== undefined) return "conflict";
      throw new Error(`Saving ${key} to ${this.storeName} failed`, { cause: result.error });
    });
  }

  async saveMany(entries: ReadonlyArray<{ key: string; value: unknown }>): Promise<void> {
    const result = await this.client.state.save(this.storeName, entries.map((e) => ({ key: e.key, value: e.value })));
    if (result.error) throw new Error(`Saving ${entries.length} entries to ${this.storeName} failed`, { cause: result.error });
  }

  async delete(key: string): Promise<void> {
    const result = await this.client.state.delete(this.storeName, key);
    if (result.error) throw new Error(`Deleting ${key} from ${this.storeName} failed`, { cause: result.error });
  }
}

type BulkItem<T> = { key: string; data?: T | ""; etag?: string };

// The same contract in memory, for fast unit tests of domain code.
export class MemoryStateStore implements StateStore {
  private readonly entries = new Map<string, { value: unknown; etag: string }>();
  private version = 0;

  async get<T>(key: string): Promise<Versioned<T>> {
    const entry = this.entries.get(key);
    return { value: structuredClone(entry?.value) as T | undefined, etag: entry?.etag };
  }

  async getMany<T>(keys: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry) found.set(key, structuredClone(entry.value) as T);
    }
    return found;
  }

  async save<T>(key: string, value: T, { etag }: SaveOptions = {}): Promise<SaveResult> {
    const current = this.entries.get(key);
    // Like Dapr's first-write concurrency: an ETag must match; no ETag means "create".
    if (current ? current.etag !== etag : etag !== undefined) return "conflict";
    this.entries.set(key, { value: structuredClone(value), etag: String(++this.version) });
    return "saved";
  }

  async saveMany(entries: ReadonlyArray<{ key: string; value: unknown }>): Promise<void> {
    for (const { key, value } of entries) this.entries.set(key, { value: structuredClone(value), etag: String(++this.version) });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
