package app

import (
	"net/http"
	"net/url"
	"regexp"

	"github.com/go-chi/chi/v5"
)

// The contracts' order-id pattern.
var orderIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,100}$`)

const orderIDRule = "must be 1-100 letters, digits, '-' or '_'"

func (a *application) getShipment(w http.ResponseWriter, r *http.Request) {
	orderID, err := url.PathUnescape(chi.URLParam(r, "orderId"))
	if err != nil || !orderIDPattern.MatchString(orderID) {
		a.fail(w, r, &appError{code: badRequest, message: "Invalid param: orderId: " + orderIDRule, errors: map[string][]string{"orderId": {orderIDRule}}})
		return
	}
	shipment, found, err := a.Shipping.Get(r.Context(), orderID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if !found {
		a.fail(w, r, &appError{code: notFound, message: "No shipment for order " + orderID})
		return
	}
	writeJSON(w, http.StatusOK, "application/json", shipment)
}
