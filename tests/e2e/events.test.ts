import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { api, cluster } from "../harness/client.ts";
import { adminOrder, buy, deadLetters, publish, setStock, waitForOrder } from "../harness/shop.ts";

const copiesOf = async (topic: string, id: string) => (await deadLetters()).find((t) => t.topic === topic)?.latest.filter((l) => l.id === id).length ?? 0;

describe("events", () => {
  // A real order, so staff can see its shipment (the admin order view), paid and shipped by its
  // saga; then its order.paid is delivered twice more, as a broker's redelivery would.
  it("an order.paid delivered twice more makes no second shipment and no second notification", async () => {
    const { isbn } = ((await (await api("/api/books?page=7&pageSize=5")).json()) as { items: { isbn: string }[] }).items[0]!;
    await setStock(isbn, 5);
    const { shopper, orderId } = await buy(isbn);
    const order = await waitForOrder(shopper, orderId, ["shipped"]);
    const { shipment: first } = await adminOrder(orderId);
    expect(first?.orderId).toBe(orderId);

    const event = {
      specversion: "1.0",
      id: `evt-${randomUUID()}`,
      source: "tests",
      type: "order.paid",
      datacontenttype: "application/json",
      data: { orderId, userId: shopper.id, totalCents: order.totalCents, at: new Date().toISOString() },
    };
    await publish("orders", event);
    await publish("orders", event);
    // Give both deliveries time to land, then count.
    await new Promise((r) => setTimeout(r, 3000));

    expect((await adminOrder(orderId)).shipment?.shipmentId).toBe(first!.shipmentId);
    const feed = async () => ((await (await api("/api/notifications", { shopper })).json()) as { items: { type: string; orderId: string }[] }).items;
    await expect.poll(async () => (await feed()).filter((n) => n.orderId === orderId).map((n) => n.type).sort(), { timeout: 20_000 }).toEqual(["order.paid", "order.placed", "order.shipped"]);
  });

  // A message its subscribers can never process (an order.paid without its order) is dropped by
  // each of them to the topic's dead letters, where the console's consumer records every copy.
  it.each([
    ["orders", "order.paid", ["shipping", "notifications"]],
    ["shipments", "order.shipped", ["orders", "notifications"]],
  ] as const)("an unprocessable %s message lands on its dead-letter topic once per subscriber that gave up", async (topic, type, droppers) => {
    const id = `evt-${randomUUID()}`;
    await publish(topic, { specversion: "1.0", id, source: "tests", type, datacontenttype: "application/json", data: { orderId: "not-a-whole-event" } });
    const deadLetterTopic = `${topic}-deadletter`;
    await expect.poll(() => copiesOf(deadLetterTopic, id), { timeout: 20_000 }).toBe(droppers.length);
    // Quiet for a while, and still exactly one copy per subscriber.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await copiesOf(deadLetterTopic, id)).toBe(droppers.length);
    const letter = (await deadLetters()).find((t) => t.topic === deadLetterTopic)!.latest.find((l) => l.id === id)!;
    expect(letter).toMatchObject({ type, data: JSON.stringify({ orderId: "not-a-whole-event" }) });
    for (const app of droppers) {
      const dropped = readFileSync(join(cluster().logDir, `${app}.log`), "utf8").split("\n").find((line) => line.includes(id));
      expect(dropped, app).toContain(`"why":"invalid ${type} payload"`);
    }
  });
});
