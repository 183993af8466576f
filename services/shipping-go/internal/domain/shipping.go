package domain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"quire/shipping-go/internal/contracts"
)

// Longer than a shipment takes to write, so a live holder is never overtaken; short enough that
// a delivery that crashed holding the claim delays the shipment by seconds, not forever.
const claimStale = 30 * time.Second

func claimKey(orderID string) string    { return "shipment-claim:" + orderID }
func shipmentKey(orderID string) string { return "shipment:" + orderID }

// ShippedEvent is the order.shipped announcement of a shipment.
func ShippedEvent(s contracts.Shipment) Event {
	return Event{
		Key:  contracts.EventKey(contracts.OrderShippedType, s.OrderID),
		Type: contracts.OrderShippedType,
		Data: contracts.OrderShipped{OrderID: s.OrderID, UserID: s.UserID, ShipmentID: s.ShipmentID, At: s.CreatedAt},
	}
}

// ShippingService: one shipment per paid order, written once (only the claim's winner writes),
// then announced with order.shipped. A delivery of order.paid is acknowledged only after the
// announcement went out, so a failed publish or a crash in between brings order.paid back: the
// shipment is found and announced again (consumers dedupe by the event's key).
type ShippingService struct {
	state  StateStore
	events Publisher
	now    func() time.Time
	newID  func() string
}

func NewShippingService(state StateStore, events Publisher, now func() time.Time, newID func() string) *ShippingService {
	return &ShippingService{state: state, events: events, now: now, newID: newID}
}

// Ship ships a paid order. The loser of a race between two deliveries fails, so Dapr redelivers
// its copy later: by then it finds the shipment, or takes over the claim of a winner that
// crashed before writing.
func (s *ShippingService) Ship(ctx context.Context, paid contracts.OrderPaid) error {
	existing, found, err := s.Get(ctx, paid.OrderID)
	if err != nil {
		return err
	}
	if found {
		return s.events.Publish(ctx, ShippedEvent(existing))
	}
	held, err := claim(ctx, s.state, claimKey(paid.OrderID), claimStale, s.now, s.newID())
	if err != nil {
		return err
	}
	if !held {
		return fmt.Errorf("order %s is being shipped by another delivery", paid.OrderID)
	}
	// A claim taken over as stale may belong to a slow holder that has written since our first look.
	shipment, found, err := s.Get(ctx, paid.OrderID)
	if err != nil {
		return err
	}
	if !found {
		shipment, err = s.write(ctx, contracts.Shipment{
			ShipmentID: s.newID(),
			OrderID:    paid.OrderID,
			UserID:     paid.UserID,
			Status:     contracts.ShipmentShipped,
			CreatedAt:  isoTime(s.now()),
		})
		if err != nil {
			return err
		}
	}
	return s.events.Publish(ctx, ShippedEvent(shipment))
}

// Get returns the order's shipment, if it has one.
func (s *ShippingService) Get(ctx context.Context, orderID string) (contracts.Shipment, bool, error) {
	stored, err := s.state.Get(ctx, shipmentKey(orderID))
	if err != nil || stored.Value == nil {
		return contracts.Shipment{}, false, err
	}
	shipment, err := contracts.ParseShipment(stored.Value)
	return shipment, err == nil, err
}

// write creates the shipment; if another delivery created it first, that one is the shipment.
func (s *ShippingService) write(ctx context.Context, shipment contracts.Shipment) (contracts.Shipment, error) {
	value, err := json.Marshal(shipment)
	if err != nil {
		return shipment, err
	}
	result, err := s.state.Save(ctx, shipmentKey(shipment.OrderID), value, "")
	if err != nil || result == Saved {
		return shipment, err
	}
	stored, found, err := s.Get(ctx, shipment.OrderID)
	if err == nil && !found {
		err = errors.New("the shipment of order " + shipment.OrderID + " was neither written nor found")
	}
	return stored, err
}

// isoTime writes a time as JavaScript's toISOString does (UTC, milliseconds), as the contracts'
// date-time pattern and the TypeScript records expect.
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
