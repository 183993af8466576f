package app

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"quire/shipping-go/internal/contracts"
	"quire/shipping-go/internal/obs"
)

// A subscriber's answer to Dapr: SUCCESS acknowledges, RETRY redelivers (the sidecar's inbound
// retries, then the subscription's dead-letter topic), DROP discards a message that can never be
// processed (to the dead-letter topic too).
const (
	success = "SUCCESS"
	retry   = "RETRY"
	drop    = "DROP"
)

// The envelope fields the kit's eventRoute requires: a non-empty id and type; data is whatever came.
type envelope struct {
	ID   *string         `json:"id"`
	Type *string         `json:"type"`
	Data json.RawMessage `json:"data"`
}

// ordersEvents is where Dapr delivers topic "orders" (declarative subscription shipping-orders).
// A paid order ships; other order events are none of shipping's business.
//
// This is a plain handler, not the Go SDK's AddTopicEventHandler, which does not fit in three ways:
//   - it also lists the subscription at /dapr/subscribe, and daprd 1.18 lets a programmatic
//     subscription replace the declarative one of the same pubsub and topic, taking the route and
//     the dead-letter topic out of dapr/resources/subscriptions.yaml's hands;
//   - it answers a body it cannot read with HTTP 303, which daprd retries, where the kit drops;
//   - it unwraps `data` that is a JSON string holding JSON (or base64), so an event the TypeScript
//     shipping drops as invalid would be shipped here.
//
// Its (retry, err) answer could say SUCCESS, RETRY and DROP; the answers below are the kit's.
func (a *application) ordersEvents(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	var event envelope
	if err == nil {
		err = json.Unmarshal(body, &event)
	}
	if err != nil || event.ID == nil || *event.ID == "" || event.Type == nil || *event.Type == "" {
		a.answer(w, r, drop, "", slog.String("why", "malformed CloudEvent"))
		return
	}
	if *event.Type != contracts.OrderPaidType {
		a.answer(w, r, success, "")
		return
	}
	id, eventType := *event.ID, *event.Type
	err = a.ship(r, event.Data)
	switch {
	case err == nil:
		a.answer(w, r, success, eventType)
	case errors.Is(err, contracts.ErrInvalid):
		a.answer(w, r, drop, eventType, obs.Err(err), slog.String("eventId", id), slog.String("why", "invalid "+eventType+" payload"))
	default:
		a.Logger.WarnContext(r.Context(), "event handling failed; Dapr will redeliver", obs.Err(err), "eventId", id, "type", eventType)
		a.answer(w, r, retry, eventType)
	}
}

func (a *application) ship(r *http.Request, data json.RawMessage) error {
	paid, err := contracts.Parse[contracts.OrderPaid](a.Schemas, contracts.OrderPaidType, data)
	if err != nil {
		return err
	}
	return a.Shipping.Ship(r.Context(), paid)
}

// answer counts by the event types this app handles (a bounded set), never by what a sender chose.
// A drop says why: dropped is not lost, Dapr sends it to the subscription's dead-letter topic.
func (a *application) answer(w http.ResponseWriter, r *http.Request, status, eventType string, why ...any) {
	if eventType != "" {
		a.Metrics.EventsHandled.WithLabelValues(eventType, strings.ToLower(status)).Inc()
	}
	if len(why) > 0 {
		a.Logger.WarnContext(r.Context(), "dropping event", why...)
	}
	writeJSON(w, http.StatusOK, "application/json", map[string]string{"status": status})
}
