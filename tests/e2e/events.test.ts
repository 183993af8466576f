import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { api, cluster, newShopper } from "../harness/client.ts";
import { invoke } from "../harness/shop.ts";

// Publishes a raw CloudEvent through the sidecar of the topic's one publisher (with that app's
// token: nobody else may publish there), keeping our own event id.
const publisherOf = { orders: "orders", shipments: "shipping" } as const;
async function publish(topic: keyof typeof publisherOf, event: object) {
  const { daprHttpPort, daprToken } = cluster().apps[publisherOf[topic]]!;
  const res = await fetch(`http://127.0.0.1:${daprHttpPort}/v1.0/publish/pubsub/${topic}`, {
    method: "POST",
    headers: { "dapr-api-token": daprToken, "content-type": "application/cloudevents+json" },
    body: JSON.stringify(event),
  });
  expect(res.status).toBe(204);
}

type Shelf = { topic: string; count: number; latest: { id: string; type: string; data: string }[] };
const deadLetters = async () => ((await (await fetch(`${cluster().consoleUrl}/dead-letters.json`)).json()) as { topics: Shelf[] }).topics;
const copiesOf = async (topic: string, id: string) => (await deadLetters()).find((t) => t.topic === topic)?.latest.filter((l) => l.id === id).length ?? 0;

describe("events", () => {
  it("one event delivered twice makes one shipment and one notification", async () => {
    const shopper = await newShopper();
    const orderId = `dup-${randomUUID()}`;
    const event = {
      specversion: "1.0",
      id: `evt-${randomUUID()}`,
      source: "tests",
      type: "order.paid",
      datacontenttype: "application/json",
      data: { orderId, userId: shopper.id, totalCents: 1234, at: new Date().toISOString() },
    };
    await publish("orders", event);
    await publish("orders", event);

    await expect.poll(async () => (await invoke("shipping", `shipments/${orderId}`)).status, { timeout: 20_000 }).toBe(200);
    await expect
      .poll(async () => ((await (await api("/api/notifications", { shopper })).json()) as { items: { type: string }[] }).items.length, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(1);
    // Give the second delivery time to land, then count.
    await new Promise((r) => setTimeout(r, 2000));
    const feed = ((await (await api("/api/notifications", { shopper })).json()) as { items: { type: string; orderId: string }[] }).items;
    expect(feed.filter((n) => n.type === "order.paid")).toHaveLength(1);
    const shipment = (await (await invoke("shipping", `shipments/${orderId}`)).json()) as { orderId: string; shipmentId: string };
    expect(shipment.orderId).toBe(orderId);
    // shipping announced it once: the shopper's feed has exactly one order.shipped.
    await expect
      .poll(async () => ((await (await api("/api/notifications", { shopper })).json()) as { items: { type: string }[] }).items.filter((n) => n.type === "order.shipped").length, { timeout: 20_000 })
      .toBe(1);
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
