import { TOPICS } from "@quire/contracts";
import { connectSidecar, Counter, createLogger, DaprPublisher, DaprStateStore, SidecarInvoker, startServer } from "@quire/kit";
import { InvokedOrderRecords } from "./adapters/order-records.ts";
import { DaprPayments, DaprStock } from "./adapters/services.ts";
import { DaprShop } from "./adapters/shop.ts";
import { startWorkflowRuntime } from "./adapters/dapr-workflows.ts";
import { createApp } from "./app.ts";
import { sweepAttention } from "./domain/attention-sweep.ts";
import { checkoutActivities } from "./domain/checkout.ts";
import { OrderRepository } from "./domain/order-repository.ts";
import { undoers } from "./domain/saga-services.ts";
import { sweepStalled } from "./domain/stall-sweep.ts";
import { env } from "./env.ts";

const logger = createLogger("orders", env.LOG_LEVEL);
const now = () => new Date().toISOString();
const dapr = await connectSidecar({ host: env.DAPR_HOST, httpPort: env.DAPR_HTTP_PORT, apiToken: env.DAPR_API_TOKEN });
const orders = new OrderRepository(new DaprStateStore(dapr, env.STATE_STORE));
const events = new DaprPublisher(dapr, env.PUBSUB_COMPONENT, TOPICS.orders);
const checkouts = new Counter({ name: "quire_checkouts_total", help: "Checkouts by how they ended", labelNames: ["end"] as const });
const repairs = new Counter({ name: "quire_stalled_orders_repaired_total", help: "Orders the stall sweep set going again, by how", labelNames: ["repair"] as const });
const stock = new DaprStock(dapr, env.INVENTORY_APP_ID);
const payments = new DaprPayments(dapr, env.PAYMENTS_APP_ID);
const activities = checkoutActivities(orders, events, stock, payments, now, (end) => checkouts.inc({ end }));
const { workflows, sagas } = await startWorkflowRuntime({ daprHost: env.DAPR_HOST, daprPort: String(env.DAPR_GRPC_PORT), daprApiToken: env.DAPR_API_TOKEN }, activities);
const shop = new DaprShop(dapr, { cart: env.CART_APP_ID, catalog: env.CATALOG_APP_ID });
const invoker = new SidecarInvoker({ host: env.DAPR_HOST, httpPort: env.DAPR_HTTP_PORT, apiToken: env.DAPR_API_TOKEN });
// Each cron call: what is left to undo, then the orders that stopped on their way to an end.
// Both run even when one fails; a failure answers 500 and the next call tries again.
const sweep = async () => {
  const [attention, stalled] = await Promise.allSettled([sweepAttention(orders, events, undoers(stock, payments), now), sweepStalled(orders, sagas, events, now)]);
  if (attention.status === "rejected" || stalled.status === "rejected") throw new AggregateError([attention, stalled].flatMap((r) => (r.status === "rejected" ? [r.reason] : [])), "A sweep failed.");
  const { open: _open, ...repaired } = stalled.value;
  for (const [repair, n] of Object.entries(repaired)) if (n > 0) repairs.inc({ repair }, n);
  if (Object.values(repaired).some((n) => n > 0)) logger.warn({ repaired }, "the stall sweep set stalled orders going again");
  return { attention: attention.value, stalled: stalled.value };
};
const records = new InvokedOrderRecords(invoker, { inventory: env.INVENTORY_APP_ID, payments: env.PAYMENTS_APP_ID, shipping: env.SHIPPING_APP_ID });

startServer(createApp({ orders, shop, workflows, records, now, logger, sweep, sweepBinding: env.ATTENTION_SWEEP_BINDING, appToken: env.APP_API_TOKEN }), { port: env.PORT, hostname: env.HOST, logger });
