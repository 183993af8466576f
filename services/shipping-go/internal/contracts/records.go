package contracts

import (
	"encoding/json"
	"fmt"
)

// Shipment is what shipping stores and answers at GET /shipments/{orderId} (contracts'
// shipmentSchema); orders reads it back for the staff view.
type Shipment struct {
	ShipmentID string `json:"shipmentId"`
	OrderID    string `json:"orderId"`
	UserID     string `json:"userId"`
	Status     string `json:"status"`
	CreatedAt  string `json:"createdAt"`
}

const ShipmentShipped = "shipped"

// ParseShipment reads a stored shipment as the zod schema does: every field a string, status
// "shipped", other fields ignored. Field names match exactly (encoding/json alone would accept
// "OrderID"), so a record reads the same whichever implementation wrote it.
func ParseShipment(raw []byte) (Shipment, error) {
	var object map[string]json.RawMessage
	if err := json.Unmarshal(raw, &object); err != nil || object == nil {
		return Shipment{}, fmt.Errorf("stored shipment %w: not a JSON object", ErrInvalid)
	}
	var s Shipment
	for name, target := range map[string]*string{"shipmentId": &s.ShipmentID, "orderId": &s.OrderID, "userId": &s.UserID, "status": &s.Status, "createdAt": &s.CreatedAt} {
		value, ok := object[name]
		if !ok || len(value) == 0 || value[0] != '"' || json.Unmarshal(value, target) != nil {
			return Shipment{}, fmt.Errorf("stored shipment %w: %s must be a string", ErrInvalid, name)
		}
	}
	if s.Status != ShipmentShipped {
		return Shipment{}, fmt.Errorf("stored shipment %w: status must be %q", ErrInvalid, ShipmentShipped)
	}
	return s, nil
}
