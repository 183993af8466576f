import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { api, cluster } from "../harness/client.ts";
import { adminOrder, buy, deadLetters, publish, publishUnprocessable, setStock, waitForOrder } from "../harness/shop.ts";

const copiesOf = async (topic: string, id: string) => (await deadLetters()).find((t) => t.topic === topic)?.latest.filter((l) => l.id === id).length ?? 0;

describe("events", () => {
  // A real order, paid and shipped by its saga; then each of its events is delivered twice more,
  // as a broker's redelivery would: the same CloudEvent ids, the same data. Every consumer must
  // take each once — cart (order.placed), shipping, notifications and recommendations (order.paid), orders and
  // notifications (order.shipped) — which is asserted after the system has gone quiet.
  it("every consumer takes an event delivered twice more once", async () => {
    const { items } = (await (await api("/api/books?page=7&pageSize=5")).json()) as { items: { isbn: string }[] };
    await setStock(items[0]!.isbn, 5);
    const { shopper, orderId } = await buy(items[0]!.isbn);
    await waitForOrder(shopper, orderId, ["shipped"]);
    const feed = async () => ((await (await api("/api/notifications", { shopper })).json()) as { items: { type: string; orderId: string }[] }).items.filter((n) => n.orderId === orderId);
    await expect.poll(async () => (await feed()).length, { timeout: 20_000 }).toBe(3);
    // After the order, the shopper fills the cart again: a second order.placed must not empty it.
    expect((await api(`/api/cart/items/${items[1]!.isbn}`, { method: "PUT", shopper, json: { quantity: 1 } })).status).toBe(200);
    const before = await adminOrder(orderId);
    const { order, shipment } = before;
    const again = [
      ["orders", "order.placed", { orderId, userId: shopper.id, items: order.items, totalCents: order.totalCents, at: order.createdAt }],
      ["orders", "order.paid", { orderId, userId: shopper.id, items: order.items, totalCents: order.totalCents, at: order.updatedAt }],
      ["shipments", "order.shipped", { orderId, userId: shopper.id, shipmentId: shipment!.shipmentId, at: order.updatedAt }],
    ] as const;
    for (const [topic, type, data] of again) {
      const event = { specversion: "1.0", id: `evt-${randomUUID()}`, source: "tests", type, datacontenttype: "application/json", data };
      await publish(topic, event);
      await publish(topic, event);
    }
    // Quiet: every delivery has long been answered (they take milliseconds), then count.
    await new Promise((r) => setTimeout(r, 5000));

    expect(await adminOrder(orderId)).toEqual(before);
    expect(((await (await api("/api/cart", { shopper })).json()) as { items: { isbn: string }[] }).items.map((i) => i.isbn)).toEqual([items[1]!.isbn]);
    expect((await feed()).map((n) => n.type).sort()).toEqual(["order.paid", "order.placed", "order.shipped"]);
  });

  // A message its subscribers can never process (an order.paid without its order) is dropped by
  // each of them to the topic's dead letters, where the console's consumer records every copy.
  it.each([
    ["orders", "order.paid"],
    ["shipments", "order.shipped"],
  ] as const)("an unprocessable %s message lands on its dead-letter topic once per subscriber that gave up", async (topic, type) => {
    const { id, droppers, copies } = await publishUnprocessable(topic, type);
    const deadLetterTopic = `${topic}-deadletter`;
    await expect.poll(() => copiesOf(deadLetterTopic, id), { timeout: 20_000 }).toBeGreaterThanOrEqual(copies.min);
    // Quiet for a while, and still one copy per subscriber that gave up (JetStream: see copies).
    await new Promise((r) => setTimeout(r, 3000));
    const landed = await copiesOf(deadLetterTopic, id);
    expect(landed).toBeGreaterThanOrEqual(copies.min);
    expect(landed).toBeLessThanOrEqual(copies.max);
    const letter = (await deadLetters()).find((t) => t.topic === deadLetterTopic)!.latest.find((l) => l.id === id)!;
    expect(letter).toMatchObject({ type, data: JSON.stringify({ orderId: "not-a-whole-event" }) });
    for (const app of droppers) {
      const dropped = readFileSync(join(cluster().logDir, `${app}.log`), "utf8").split("\n").find((line) => line.includes(id));
      expect(dropped, app).toContain(`"why":"invalid ${type} payload"`);
    }
  });
});
