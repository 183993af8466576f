package contracts_test

import (
	"errors"
	"testing"

	"quire/shipping-go/internal/contracts"
)

func TestStoredShipments(t *testing.T) {
	good := `{"shipmentId":"s1","orderId":"o1","userId":"u1","status":"shipped","createdAt":"2026-11-20T10:05:00.000Z","extra":1}`
	s, err := contracts.ParseShipment([]byte(good))
	if err != nil || s != (contracts.Shipment{ShipmentID: "s1", OrderID: "o1", UserID: "u1", Status: "shipped", CreatedAt: "2026-11-20T10:05:00.000Z"}) {
		t.Fatalf("got %+v, %v", s, err)
	}
	for name, raw := range map[string]string{
		"not an object":   `"shipped"`,
		"null":            `null`,
		"a missing field": `{"shipmentId":"s1","orderId":"o1","status":"shipped","createdAt":"x"}`,
		"a number id":     `{"shipmentId":1,"orderId":"o1","userId":"u1","status":"shipped","createdAt":"x"}`,
		"another status":  `{"shipmentId":"s1","orderId":"o1","userId":"u1","status":"lost","createdAt":"x"}`,
		"other case":      `{"ShipmentId":"s1","orderId":"o1","userId":"u1","status":"shipped","createdAt":"x"}`,
	} {
		if _, err := contracts.ParseShipment([]byte(raw)); !errors.Is(err, contracts.ErrInvalid) {
			t.Errorf("%s: want ErrInvalid, got %v", name, err)
		}
	}
}
