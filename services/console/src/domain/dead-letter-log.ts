import type { Envelope, StateStore } from "@quire/kit";
import { mutate } from "@quire/kit";

export type DeadLetter = { id: string; type: string; receivedAt: string; data: string };
export type Shelf = { topic: string; count: number; latest: DeadLetter[] };

// Enough to see what went wrong without scrolling: the newest messages, their data cut short.
export const KEEP_LATEST = 20;
const DATA_CHARS = 500;

export interface DeadLetterShelves {
  record(topic: string, message: Envelope): Promise<void>;
  read(topics: readonly string[]): Promise<Shelf[]>;
}

// What landed on each dead-letter topic, kept in the console's own state store: how many messages
// and the latest ones. Every arrival counts: each subscriber that gives up on a message sends its
// own copy (same CloudEvent id), and an operator wants to know that two of them gave up.
export class DeadLetterLog implements DeadLetterShelves {
  constructor(
    private readonly state: StateStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(topic: string, message: Envelope): Promise<void> {
    const letter: DeadLetter = { id: message.id, type: message.type, receivedAt: this.now().toISOString(), data: excerpt(message.data) };
    await mutate<Shelf>(this.state, keyOf(topic), (shelf) => ({
      topic,
      count: (shelf?.count ?? 0) + 1,
      latest: [letter, ...(shelf?.latest ?? [])].slice(0, KEEP_LATEST),
    }));
  }

  async read(topics: readonly string[]): Promise<Shelf[]> {
    const stored = await this.state.getMany<Shelf>(topics.map(keyOf));
    return topics.map((topic) => stored.get(keyOf(topic)) ?? { topic, count: 0, latest: [] });
  }
}

const keyOf = (topic: string) => `dead-letters:${topic}`;

function excerpt(data: unknown): string {
  const text = typeof data === "string" ? data : (JSON.stringify(data) ?? "");
  return text.length > DATA_CHARS ? `${text.slice(0, DATA_CHARS)}…` : text;
}
