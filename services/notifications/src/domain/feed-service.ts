import { mutate, type StateStore } from "@quire/kit";
import { z } from "zod";
import { notificationSchema, type Notification } from "./notification.ts";

// Enough history for a shopper to scroll through; older notifications fall off the end.
export const MAX_NOTIFICATIONS = 200;

const feedSchema = z.object({ items: z.array(notificationSchema) });
type Feed = z.infer<typeof feedSchema>;

const feedKey = (userId: string) => `feed:${userId}`;
// Two topics deliver in no common order, so the feed is ordered by when things happened.
const newestFirst = (a: Notification, b: Notification) => Date.parse(b.createdAt) - Date.parse(a.createdAt);

// One feed per user under one key. Every change goes through `mutate` (ETag read-modify-write,
// retried on a lost race), so events arriving together never overwrite each other.
export class FeedService {
  constructor(private readonly state: StateStore) {}

  async add(userId: string, notification: Notification): Promise<void> {
    await mutate<Feed>(this.state, feedKey(userId), (feed = { items: [] }) =>
      // Already there: the same event, delivered again.
      feed.items.some((n) => n.id === notification.id) ? undefined : { items: [notification, ...feed.items].sort(newestFirst).slice(0, MAX_NOTIFICATIONS) },
    );
  }

  async list(userId: string): Promise<Notification[]> {
    const { value } = await this.state.get<unknown>(feedKey(userId));
    return value === undefined ? [] : feedSchema.parse(value).items;
  }
}
