// Package app is shipping's HTTP face: the routes its sidecar calls, on the kit's base (request
// ids, traces, access logs, the app-token lock, /healthz, /metrics, problem+json errors).
package app

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"quire/shipping-go/internal/contracts"
	"quire/shipping-go/internal/obs"
)

// Shipping is what the routes need of the domain.
type Shipping interface {
	Ship(ctx context.Context, paid contracts.OrderPaid) error
	Get(ctx context.Context, orderID string) (contracts.Shipment, bool, error)
}

type Deps struct {
	Shipping Shipping
	Schemas  *contracts.Schemas
	Logger   *slog.Logger
	Metrics  *obs.Metrics
	// The token the sidecar presents on every call (APP_API_TOKEN); empty only in unit tests.
	AppToken string
}

type application struct {
	Deps
	appToken string
}

const service = "shipping"

// New mounts shipping's routes on mux (the Dapr SDK's service serves it; see main.go).
func New(mux *chi.Mux, deps Deps) *chi.Mux {
	a := &application{Deps: deps, appToken: deps.AppToken}
	mux.Use(a.observe, a.recoverPanics, a.requireAppToken, headAsGet)
	mux.Get("/healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, "application/json", map[string]string{"status": "ok", "service": service})
	})
	// For Prometheus, on the app's own port (127.0.0.1): what the app did, beside its sidecar's view.
	mux.Method(http.MethodGet, "/metrics", promhttp.HandlerFor(deps.Metrics.Registry, promhttp.HandlerOpts{}))
	mux.Get("/shipments/{orderId}", a.getShipment)
	mux.Post("/events/orders", a.ordersEvents)
	// Hono answers an unknown route and a known path with the wrong method alike: 404.
	unknown := func(w http.ResponseWriter, r *http.Request) {
		a.fail(w, r, &appError{code: notFound, message: "No route for " + r.Method + " " + r.URL.Path})
	}
	mux.NotFound(unknown)
	mux.MethodNotAllowed(unknown)
	return mux
}

// headAsGet: Hono answers HEAD on every GET route (net/http sends no body for HEAD).
func headAsGet(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rc := chi.RouteContext(r.Context()); rc != nil && r.Method == http.MethodHead {
			rc.RouteMethod = http.MethodGet
		}
		next.ServeHTTP(w, r)
	})
}
