// Package contracts holds the shapes Quire's services agree on, as Go types. Their source of truth
// is the zod schemas of packages/contracts, exported as JSON Schema (schemas/<type>.json): every
// event's data is validated against that file before it is decoded here, and the contract tests
// keep these types, the schema files and the TypeScript examples in step.
package contracts

import "errors"

// Event types, as the CloudEvent `type` of each order event.
const (
	OrderPlacedType    = "order.placed"
	OrderPaidType      = "order.paid"
	OrderCancelledType = "order.cancelled"
	OrderShippedType   = "order.shipped"
)

// EventTypes lists every type the contracts define; a schema file on disk without a Go type here
// fails the contract test.
var EventTypes = []string{OrderPlacedType, OrderPaidType, OrderCancelledType, OrderShippedType}

// The topic shipping announces on (contracts' TOPICS.shipments).
const ShipmentsTopic = "shipments"

// ErrInvalid marks data that does not follow its contract: it can never be processed, so an
// event carrying it is dropped (to the dead-letter topic) rather than retried.
var ErrInvalid = errors.New("does not follow its contract")

// EventKey is an order event's identity (contracts' eventKey): an order has at most one event of
// each type, and consumers dedupe by it, so it is also the CloudEvent id it is published under.
func EventKey(eventType, orderID string) string { return eventType + ":" + orderID }

type OrderItem struct {
	ISBN       string `json:"isbn"`
	Title      string `json:"title"`
	Quantity   int64  `json:"quantity"`
	PriceCents int64  `json:"priceCents"`
}

type OrderPlaced struct {
	OrderID    string      `json:"orderId"`
	UserID     string      `json:"userId"`
	At         string      `json:"at"`
	Items      []OrderItem `json:"items"`
	TotalCents int64       `json:"totalCents"`
}

type OrderPaid struct {
	OrderID    string      `json:"orderId"`
	UserID     string      `json:"userId"`
	At         string      `json:"at"`
	Items      []OrderItem `json:"items"`
	TotalCents int64       `json:"totalCents"`
}

type OrderCancelled struct {
	OrderID string `json:"orderId"`
	UserID  string `json:"userId"`
	At      string `json:"at"`
	Reason  string `json:"reason"`
}

// Field order as the TypeScript shipping writes it, so both announce byte-alike data.
type OrderShipped struct {
	OrderID    string `json:"orderId"`
	UserID     string `json:"userId"`
	ShipmentID string `json:"shipmentId"`
	At         string `json:"at"`
}
