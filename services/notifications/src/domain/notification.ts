import { api, eventKey, type EventData, type EventType } from "@quire/contracts";

// A notification is stored in the shape the API shows it (one schema, in contracts).
export const notificationSchema = api.notificationSchema;
export type Notification = api.Notification;

// Shoppers know an order by the start of its id, the way a receipt shows it.
const short = (orderId: string) => orderId.slice(0, 8);
const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;
const books = (count: number) => (count === 1 ? "1 book" : `${count} books`);

// What the shopper reads for each event.
const messages: { [T in EventType]: (data: EventData<T>) => string } = {
  "order.placed": (d) => `Order ${short(d.orderId)} was placed: ${books(d.items.reduce((n, i) => n + i.quantity, 0))}, ${money(d.totalCents)}.`,
  "order.paid": (d) => `Order ${short(d.orderId)} is paid.`,
  "order.cancelled": (d) => `Order ${short(d.orderId)} was cancelled: ${d.reason}.`,
  "order.shipped": (d) => `Order ${short(d.orderId)} has shipped.`,
};

// The event's key (its type and order) becomes the notification's id: an event delivered again,
// or announced again under another CloudEvent id, is the same notification.
export function notificationOf<T extends EventType>(type: T, data: EventData<T>): Notification {
  return { id: eventKey(type, data.orderId), orderId: data.orderId, type, message: messages[type](data), createdAt: data.at };
}
