import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { api, cluster, newShopper } from "../harness/client.ts";
import { invoke } from "../harness/shop.ts";

// Publishes a raw CloudEvent through a sidecar's pub/sub API, keeping our own event id.
async function publish(topic: string, event: object) {
  const { daprHttpPort } = cluster().apps.orders!;
  const res = await fetch(`http://127.0.0.1:${daprHttpPort}/v1.0/publish/pubsub/${topic}`, {
    method: "POST",
    headers: { "dapr-api-token": cluster().daprToken, "content-type": "application/cloudevents+json" },
    body: JSON.stringify(event),
  });
  expect(res.status).toBe(204);
}

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
});
