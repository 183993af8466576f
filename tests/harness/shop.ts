import { expect } from "vitest";
import { admin, api, cluster, newShopper, type Shopper } from "./client.ts";
import { noteDeadLetter, noteOrder, type Copies } from "./ledger.ts";

export type Order = { id: string; status: "placed" | "paid" | "shipped" | "cancelled" | "needs-attention"; reason?: string; items: unknown[]; totalCents: number };

// What staff see of an order (GET /api/admin/orders/{id}): each owner's record, or null.
export type AdminOrder = {
  order: Order & { userId: string; createdAt: string; updatedAt: string };
  reservation: { orderId: string; status: "pending" | "reserved" | "rejected" | "released" | "committed"; reason?: string } | null;
  charge: { orderId: string; amountCents: number; status?: "succeeded" | "declined" | "refunded"; chargeId?: string; attempts: number } | null;
  shipment: { shipmentId: string; orderId: string; userId: string } | null;
};

export const CARDS = { pays: "4242424242424242", declined: "4000000000000002", transient: "4000000000000119" } as const;
export const address = { name: "Ada Lovelace", line1: "12 St James's Square", city: "London", postalCode: "SW1Y 4JH", country: "GB" };

// Staff restock through the gateway, as the admin.
export async function setStock(isbn: string, onHand: number) {
  const res = await api(`/api/admin/stock/${isbn}`, { method: "PUT", shopper: await admin(), json: { onHand } });
  expect(res.status, await res.clone().text()).toBe(200);
}

// Any order with its reservation, charge and shipment, as staff see it through the gateway.
export async function adminOrder(orderId: string): Promise<AdminOrder> {
  const res = await api(`/api/admin/orders/${orderId}`, { shopper: await admin() });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as AdminOrder;
}

export async function available(isbn: string): Promise<number> {
  return ((await (await api(`/api/inventory/${isbn}`)).json()) as { available: number }).available;
}

// Every order a checkout starts is noted, so the suite can end by checking it reached an end.
export async function checkout(shopper: Shopper, card: string = CARDS.pays, idempotencyKey?: string) {
  const headers = idempotencyKey ? { "idempotency-key": idempotencyKey } : undefined;
  const res = await api("/api/checkout", { method: "POST", shopper, ...(headers ? { headers } : {}), json: { card: { number: card }, address } });
  if (res.status === 202) noteOrder(cluster(), ((await res.clone().json()) as { orderId: string }).orderId);
  return res;
}

// A shopper (a new one unless given) with `quantity` of one book in the cart, checking out with `card`.
export async function buy(isbn: string, card: string = CARDS.pays, quantity = 1, shopper?: Shopper) {
  shopper ??= await newShopper();
  expect((await api(`/api/cart/items/${isbn}`, { method: "PUT", shopper, json: { quantity } })).status).toBe(200);
  const res = await checkout(shopper, card);
  if (res.status !== 202) throw new Error(`checkout answered ${res.status}: ${await res.text()}`);
  const { orderId } = (await res.json()) as { orderId: string };
  expect(res.headers.get("location")).toBe(`/api/orders/${orderId}`);
  return { shopper, orderId };
}

export async function waitForOrder(shopper: Shopper, orderId: string, statuses: Order["status"][], timeoutMs = 60_000): Promise<Order> {
  const deadline = Date.now() + timeoutMs;
  let last: Order | undefined;
  while (Date.now() < deadline) {
    const res = await api(`/api/orders/${orderId}`, { shopper });
    if (res.status === 200) {
      last = (await res.json()) as Order;
      if (statuses.includes(last.status)) return last;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`order ${orderId} did not reach ${statuses.join("/")} (last: ${JSON.stringify(last)})`);
}

// Publishes a raw CloudEvent through the sidecar of the topic's one publisher (with that app's
// token: nobody else may publish there), keeping the event's own id.
const publisherOf = { orders: "orders", shipments: "shipping" } as const;
export async function publish(topic: keyof typeof publisherOf, event: object) {
  const { daprHttpPort, daprToken } = cluster().apps[publisherOf[topic]]!;
  const res = await fetch(`http://127.0.0.1:${daprHttpPort}/v1.0/publish/pubsub/${topic}`, {
    method: "POST",
    headers: { "dapr-api-token": daprToken, "content-type": "application/cloudevents+json" },
    body: JSON.stringify(event),
  });
  expect(res.status, await res.clone().text()).toBe(204);
}

// Publishes a message no subscriber can process (an event without its order) and notes the copies
// the tests expect on its dead-letter topic: one per subscriber of that type, each of which drops
// it. On JetStream, copies sent within 100 ms of each other are one (see scripts/profile.ts).
const droppers = { "order.paid": ["shipping", "notifications", "recommendations"], "order.shipped": ["orders", "notifications"] } as const;
export async function publishUnprocessable(topic: keyof typeof publisherOf, type: keyof typeof droppers): Promise<{ id: string; droppers: readonly string[]; copies: Copies }> {
  const id = `evt-${crypto.randomUUID()}`;
  const copies = { min: cluster().profile.pubsub === "jetstream" ? 1 : droppers[type].length, max: droppers[type].length };
  noteDeadLetter(cluster(), id, `${topic}-deadletter`, copies);
  await publish(topic, { specversion: "1.0", id, source: "tests", type, datacontenttype: "application/json", data: { orderId: "not-a-whole-event" } });
  return { id, droppers: droppers[type], copies };
}

// What the ops console's consumer recorded on each dead-letter topic.
export type DeadLetterShelf = { topic: string; count: number; latest: { id: string; type: string; data: string }[] };
export async function deadLetters(): Promise<DeadLetterShelf[]> {
  return ((await (await fetch(`${cluster().consoleUrl}/dead-letters.json`)).json()) as { topics: DeadLetterShelf[] }).topics;
}
