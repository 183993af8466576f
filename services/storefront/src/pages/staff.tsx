import type { UndoStep } from "@quire/contracts";
import type { FieldErrors } from "@quire/kit";
import type { StaffOrderView, StockLevel } from "../adapters/shop-client.ts";
import { Csrf, day, Field, Layout, Notice, price, type Viewer } from "./layout.tsx";

export type Restock = { values?: Record<string, string>; errors?: FieldErrors; problem?: string | undefined; done?: StockLevel };
export type Lookup = { id: string; found?: StaffOrderView | undefined };

// The shop staff's page: restock a book, look an order up with what every service holds about it.
export function StaffPage({ viewer, restock = {}, lookup }: { viewer: Viewer; restock?: Restock; lookup?: Lookup | undefined }) {
  return (
    <Layout title="Staff" viewer={viewer}>
      <h1>Staff</h1>
      <div class="columns">
        <section aria-labelledby="restock">
          <h2 id="restock">Restock a book</h2>
          {restock.done ? <Notice kind="info">{`${restock.done.isbn}: ${restock.done.onHand} on hand, ${restock.done.available} available to buy.`}</Notice> : null}
          {restock.problem ? <Notice kind="error">{restock.problem}</Notice> : null}
          <form action="/staff/stock" method="post" novalidate>
            <Csrf viewer={viewer} />
            <Field name="isbn" label="ISBN" inputmode="numeric" hint="13 digits, no hyphens." value={restock.values?.isbn} errors={restock.errors} maxlength={13} />
            <Field name="onHand" label="Copies on hand" inputmode="numeric" hint="Copies held for checkouts count too." value={restock.values?.onHand} errors={restock.errors} maxlength={9} />
            <button type="submit">Set stock</button>
          </form>
        </section>
        <section aria-labelledby="lookup">
          <h2 id="lookup">Look up an order</h2>
          <form action="/staff/orders" method="post" novalidate>
            <Csrf viewer={viewer} />
            <Field name="id" label="Order id" value={lookup?.id} maxlength={100} />
            <button type="submit">Look up</button>
          </form>
        </section>
      </div>
      {lookup ? lookup.found ? <OrderFacts view={lookup.found} /> : <Notice kind="error">{`There is no order ${lookup.id}.`}</Notice> : null}
    </Layout>
  );
}

// What the attention sweeper still has to do, for staff.
const undoSaid: Record<UndoStep, string> = { refund: "refund the charge", "release-reservation": "release the held copies", "return-stock": "return the sold copies to stock" };

function OrderFacts({ view: { order, reservation, charge, shipment } }: { view: StaffOrderView }) {
  return (
    <section aria-labelledby="order" class="staff-order">
      <h2 id="order">{`Order ${order.id}`}</h2>
      <dl>
        <dt>Status</dt>
        <dd class={`status ${order.status}`} data-testid="staff-order-status">{order.status}{order.reason ? ` (${order.reason})` : ""}</dd>
        {order.pending ? (
          <>
            <dt>Still to undo</dt>
            <dd data-testid="staff-order-pending">{order.pending.map((step) => undoSaid[step]).join(", ")}</dd>
          </>
        ) : null}
        <dt>Shopper</dt>
        <dd>{order.userId}</dd>
        <dt>Placed</dt>
        <dd>{day(order.createdAt)}</dd>
        <dt>Reservation</dt>
        <dd data-testid="staff-reservation">{reservation ? `${reservation.status}${reservation.reason ? ` (${reservation.reason})` : ""}` : "none"}</dd>
        <dt>Charge</dt>
        <dd data-testid="staff-charge">{charge ? `${charge.status ?? "in progress"}, ${price(charge.amountCents)}, card ending ${charge.last4}` : "none"}</dd>
        <dt>Shipment</dt>
        <dd data-testid="staff-shipment">{shipment ? shipment.shipmentId : "none"}</dd>
      </dl>
      <table class="lines">
        <thead><tr><th scope="col">Book</th><th scope="col">Quantity</th><th scope="col">Price</th></tr></thead>
        <tbody>
          {order.items.map((l) => (
            <tr><td data-label="Book">{`${l.title} (${l.isbn})`}</td><td data-label="Quantity">{String(l.quantity)}</td><td data-label="Price">{price(l.priceCents)}</td></tr>
          ))}
        </tbody>
      </table>
      <p class="total">Total <strong>{price(order.totalCents)}</strong></p>
    </section>
  );
}
