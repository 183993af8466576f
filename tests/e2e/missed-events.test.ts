import { describe, expect, it } from "vitest";
import { api, cluster, startApp, stopApp } from "../harness/client.ts";
import { adminOrder, buy, publish, setStock, waitForOrder } from "../harness/shop.ts";

// A subscriber that was away gets what was published meanwhile: its consumer (Redis consumer group,
// RabbitMQ queue, JetStream durable consumer) outlives it. Not on MQTT: the component connects
// before it subscribes, so a persistent session's kept messages would arrive before any handler
// and never be acknowledged (components/pubsub/mqtt3.yaml); there the profile uses clean sessions,
// and this test holds the limit to account: the order stays paid until its event is sent again.
const missesWhileDown = cluster().profile.pubsub === "mqtt3";

describe(`a subscriber that was down (${cluster().profile.pubsub})`, () => {
  it(missesWhileDown ? "misses what was published while it was down (the MQTT limit): the order ships once order.paid is sent again" : "gets the events it missed: an order paid while shipping was stopped ships once it is back", async () => {
    const { items } = (await (await api("/api/books?page=10&pageSize=5")).json()) as { items: { isbn: string }[] };
    await setStock(items[0]!.isbn, 5);

    await stopApp("shipping");
    let restarted = false;
    try {
      const { shopper, orderId } = await buy(items[0]!.isbn);
      await waitForOrder(shopper, orderId, ["paid"]);
      // order.paid went out while nobody of shipping was there to hear it: nothing ships.
      await new Promise((r) => setTimeout(r, 3000));
      expect((await waitForOrder(shopper, orderId, ["paid", "shipped"])).status).toBe("paid");

      const back = Date.now();
      await startApp("shipping");
      restarted = true;
      if (missesWhileDown) {
        await new Promise((r) => setTimeout(r, 10_000));
        expect((await waitForOrder(shopper, orderId, ["paid", "shipped"])).status, "the MQTT limit no longer holds: update the profile and README").toBe("paid");
        // What an operator does: send the event again (the same id; consumers dedupe by it).
        const { order } = await adminOrder(orderId);
        const data = { orderId, userId: shopper.id, items: order.items, totalCents: order.totalCents, at: order.updatedAt };
        await publish("orders", { specversion: "1.0", id: `order.paid:${orderId}`, source: "tests", type: "order.paid", datacontenttype: "application/json", data });
      }
      await waitForOrder(shopper, orderId, ["shipped"], 60_000);
      console.log(`[figures] ${cluster().profile.pubsub}: the missed order.paid shipped ${((Date.now() - back) / 1000).toFixed(1)}s after shipping was started again`);
      // Once, after the system has gone quiet: one shipment, one "shipped" notification.
      await new Promise((r) => setTimeout(r, 3000));
      const { shipment } = await adminOrder(orderId);
      expect(shipment?.orderId).toBe(orderId);
      const feed = ((await (await api("/api/notifications", { shopper })).json()) as { items: { type: string; orderId: string }[] }).items;
      expect(feed.filter((n) => n.orderId === orderId).map((n) => n.type).sort()).toEqual(["order.paid", "order.placed", "order.shipped"].sort());
    } finally {
      if (!restarted) await startApp("shipping");
    }
  }, 120_000);
});
