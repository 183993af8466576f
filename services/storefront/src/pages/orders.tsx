import type { CancellationReason, OrderStatus } from "@quire/contracts";
import type { FieldErrors } from "@quire/kit";
import type { Address, Cart, Notification, Order } from "../adapters/shop-client.ts";
import { Csrf, day, Field, Layout, Notice, price, type Viewer } from "./layout.tsx";

export function CheckoutPage(props: { viewer: Viewer; cart: Cart; address?: Address | undefined; card?: string; errors?: FieldErrors; problem?: string | undefined; attempt: string }) {
  const { viewer, cart, address, card, errors, problem, attempt } = props;
  return (
    <Layout title="Check out" viewer={viewer}>
      <h1>Check out</h1>
      {problem ? <Notice kind="error">{problem}</Notice> : null}
      <div class="columns">
        <form action="/checkout" method="post" novalidate class="checkout">
          <Csrf viewer={viewer} />
          {/* The same attempt sent twice (a double click, a resubmitted form) places one order. */}
          <input type="hidden" name="attempt" value={attempt} />
          <fieldset>
            <legend>Shipping address</legend>
            <Field name="name" label="Full name" autocomplete="name" value={address?.name} errors={errors} maxlength={100} />
            <Field name="line1" label="Street address" autocomplete="address-line1" value={address?.line1} errors={errors} maxlength={200} />
            <Field name="city" label="City" autocomplete="address-level2" value={address?.city} errors={errors} maxlength={100} />
            <Field name="postalCode" label="Postal code" autocomplete="postal-code" value={address?.postalCode} errors={errors} maxlength={20} />
            <Field name="country" label="Country" autocomplete="country" hint="Two letters, e.g. GB or US." value={address?.country} errors={errors} maxlength={2} />
          </fieldset>
          <fieldset>
            <legend>Payment</legend>
            <Field name="card" label="Card number" autocomplete="cc-number" inputmode="numeric" hint="Test cards: 4242424242424242 pays, 4000000000000002 is declined." value={card} errors={errors} maxlength={23} />
          </fieldset>
          <button type="submit">{`Pay ${price(cart.totalCents)}`}</button>
        </form>
        <aside class="summary" aria-label="Order summary">
          <h2>Your order</h2>
          <ul>
            {cart.items.map((l) => (
              <li>{`${l.quantity} × ${l.title}`} <span>{price(l.priceCents * l.quantity)}</span></li>
            ))}
          </ul>
          <p class="total">Total <strong>{price(cart.totalCents)}</strong></p>
        </aside>
      </div>
    </Layout>
  );
}

// What a cancelled order's reason means to the person who placed it.
const reasonSaid: Record<CancellationReason, string> = {
  "out of stock": "Sorry — a book in this order sold out before we could reserve it. Nothing was charged.",
  "card declined": "Your card was declined. Nothing was charged: check the number or use another card.",
  "payment unavailable": "We could not reach the payment service. Nothing was charged; please try again in a few minutes.",
  "not completed": "Sorry — we could not complete this order. Any payment taken has been refunded.",
};

export function explain(reason: CancellationReason | undefined): string {
  return reason ? reasonSaid[reason] : "This order was cancelled. Nothing was charged.";
}

// A checkout that failed and is still being undone (it ends cancelled): what the shopper needs to
// know is that it is in hand and costs them nothing.
export const attentionSaid = "We hit a problem finishing this order and are fixing it. You will not be charged: any payment taken will be refunded.";

const steps = ["placed", "paid", "shipped"] as const;
const said: Record<OrderStatus, string> = {
  placed: "Placed — reserving your books and taking payment…",
  paid: "Paid — getting it ready to ship…",
  shipped: "Shipped — on its way to you.",
  cancelled: "Cancelled",
  "needs-attention": "We are sorting out a problem",
};
const listed: Record<OrderStatus, string> = { placed: "placed", paid: "paid", shipped: "shipped", cancelled: "cancelled", "needs-attention": "being sorted out" };

export function OrderPage({ viewer, order }: { viewer: Viewer; order: Order }) {
  const reached = steps.indexOf(order.status as (typeof steps)[number]);
  const final = order.status === "shipped" || order.status === "cancelled";
  return (
    <Layout title={`Order ${order.id.slice(0, 8)}`} viewer={viewer}>
      <h1>{`Order ${order.id.slice(0, 8)}`}</h1>
      <p class="muted">{`Placed ${day(order.createdAt)}`}</p>
      {/* Live status: a small script polls /orders/<id>/status and reloads when it changes. */}
      <section id="order-status" data-order={order.id} data-status={order.status} data-final={String(final)} aria-live="polite">
        <p class={`status ${order.status}`} data-testid="order-status">{said[order.status]}</p>
        {order.status === "cancelled" ? (
          <Notice kind="error">{explain(order.reason)}</Notice>
        ) : order.status === "needs-attention" ? (
          <Notice kind="info">{attentionSaid}</Notice>
        ) : (
          <ol class="steps">
            {steps.map((s, i) => (
              <li class={i <= reached ? "done" : ""}>{s}</li>
            ))}
          </ol>
        )}
        {final ? null : (
          <noscript>
            <a href={`/orders/${order.id}`}>Refresh to see the latest status</a>
          </noscript>
        )}
      </section>
      <table class="lines">
        <thead><tr><th scope="col">Book</th><th scope="col">Quantity</th><th scope="col">Price</th></tr></thead>
        <tbody>
          {order.items.map((l) => (
            <tr><td data-label="Book"><a href={`/books/${l.isbn}`}>{l.title}</a></td><td data-label="Quantity">{String(l.quantity)}</td><td data-label="Price">{price(l.priceCents)}</td></tr>
          ))}
        </tbody>
      </table>
      <p class="total">Total <strong>{price(order.totalCents)}</strong></p>
      <script src="/assets/order-status.js" defer></script>
    </Layout>
  );
}

export function OrdersPage({ viewer, orders }: { viewer: Viewer; orders: Order[] }) {
  return (
    <Layout title="Your orders" viewer={viewer}>
      <h1>Your orders</h1>
      {orders.length === 0 ? <Notice kind="info">No orders yet. <a href="/">Find a book</a>.</Notice> : null}
      <ul class="orders">
        {orders.map((o) => (
          <li>
            <a href={`/orders/${o.id}`}>{`Order ${o.id.slice(0, 8)}`}</a>
            <span class="muted">{day(o.createdAt)}</span>
            <span class={`status ${o.status}`}>{listed[o.status]}</span>
            <span>{price(o.totalCents)}</span>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function NotificationsPage({ viewer, items }: { viewer: Viewer; items: Notification[] }) {
  return (
    <Layout title="Updates" viewer={viewer}>
      <h1>Updates</h1>
      {items.length === 0 ? <Notice kind="info">Nothing yet: news about your orders shows up here.</Notice> : null}
      <ul class="feed">
        {items.map((n) => (
          <li>
            <span class="muted">{day(n.createdAt)}</span> <a href={`/orders/${n.orderId}`}>{n.message}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

