package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"quire/shipping-go/internal/adapters"
	"quire/shipping-go/internal/app"
	"quire/shipping-go/internal/contracts"
	"quire/shipping-go/internal/domain"
	"quire/shipping-go/internal/obs"
)

const paidAt = "2026-11-20T10:00:00.000Z"

type harness struct {
	handler http.Handler
	events  *adapters.MemoryPublisher
	state   *adapters.MemoryStateStore
	logs    *bytes.Buffer
	metrics *obs.Metrics
}

func setup(t *testing.T, appToken string) *harness {
	t.Helper()
	schemas, err := contracts.LoadSchemas(filepath.Join("..", "..", "..", "..", "packages", "contracts", "schemas"))
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{events: adapters.NewMemoryPublisher(), state: adapters.NewMemoryStateStore(), logs: &bytes.Buffer{}, metrics: obs.NewMetrics("shipping", "0.1.0")}
	clock := func() time.Time { return time.Date(2026, 11, 20, 10, 5, 0, 0, time.UTC) }
	shipping := domain.NewShippingService(h.state, h.events, clock, uuid.NewString)
	h.handler = app.New(chi.NewRouter(), app.Deps{Shipping: shipping, Schemas: schemas, Logger: obs.NewLogger("shipping", "debug", h.logs), Metrics: h.metrics, AppToken: appToken})
	return h
}

func (h *harness) do(method, path string, body any, headers ...string) *http.Response {
	var reader io.Reader
	if body != nil {
		raw, ok := body.(string)
		if !ok {
			b, _ := json.Marshal(body)
			raw = string(b)
		}
		reader = strings.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, reader)
	req.Header.Set("content-type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.handler.ServeHTTP(rec, req)
	return rec.Result()
}

func (h *harness) deliver(t *testing.T, event any) string {
	t.Helper()
	res := h.do("POST", "/events/orders", event)
	var answer struct{ Status string }
	if res.StatusCode != 200 || json.NewDecoder(res.Body).Decode(&answer) != nil {
		t.Fatalf("Dapr wants 200 with a status, got %d", res.StatusCode)
	}
	return answer.Status
}

func paid(orderID string) map[string]any {
	return map[string]any{"id": uuid.NewString(), "type": "order.paid", "source": "orders",
		"data": map[string]any{"orderId": orderID, "userId": "u1", "items": []any{map[string]any{"isbn": "9780000000002", "title": "A", "quantity": 2, "priceCents": 1199}}, "totalCents": 2398, "at": paidAt}}
}

func decode[T any](t *testing.T, res *http.Response) T {
	t.Helper()
	var v T
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestShipsAPaidOrderAndAnswersForIt(t *testing.T) {
	h := setup(t, "")
	if s := h.deliver(t, paid("o1")); s != "SUCCESS" {
		t.Fatalf("answered %s", s)
	}
	res := h.do("GET", "/shipments/o1", nil)
	if res.StatusCode != 200 || res.Header.Get("content-type") != "application/json" {
		t.Fatalf("%d %s", res.StatusCode, res.Header.Get("content-type"))
	}
	s := decode[map[string]any](t, res)
	if s["orderId"] != "o1" || s["userId"] != "u1" || s["status"] != "shipped" || s["createdAt"] != "2026-11-20T10:05:00.000Z" || len(s) != 5 {
		t.Fatalf("shipment %v", s)
	}
	if p := h.events.Published(); len(p) != 1 || p[0].Key != "order.shipped:o1" {
		t.Fatalf("published %+v", p)
	}
}

func TestARefusedAnnouncementIsRetriedThenSucceeds(t *testing.T) {
	h := setup(t, "")
	h.events.Refuse("order.shipped", 1)
	event := paid("o1")
	if s := h.deliver(t, event); s != "RETRY" {
		t.Fatalf("answered %s", s)
	}
	if !strings.Contains(h.logs.String(), `"msg":"event handling failed; Dapr will redeliver"`) {
		t.Fatalf("no warning in %s", h.logs)
	}
	if s := h.deliver(t, event); s != "SUCCESS" {
		t.Fatalf("answered %s", s)
	}
}

func TestEventsShippingIgnores(t *testing.T) {
	cases := map[string]any{
		"order.placed":    map[string]any{"orderId": "o1", "userId": "u1", "items": []any{map[string]any{"isbn": "9780000000002", "title": "A", "quantity": 1, "priceCents": 500}}, "totalCents": 500, "at": paidAt},
		"order.cancelled": map[string]any{"orderId": "o1", "userId": "u1", "reason": "card declined", "at": paidAt},
		"something.else":  map[string]any{},
	}
	for eventType, data := range cases {
		t.Run(eventType, func(t *testing.T) {
			h := setup(t, "")
			if s := h.deliver(t, map[string]any{"id": uuid.NewString(), "type": eventType, "data": data}); s != "SUCCESS" {
				t.Fatalf("answered %s", s)
			}
			if res := h.do("GET", "/shipments/o1", nil); res.StatusCode != 404 {
				t.Fatalf("shipped on %s", eventType)
			}
			if len(h.events.Published()) != 0 {
				t.Fatal("published")
			}
		})
	}
}

func TestEventsShippingDrops(t *testing.T) {
	data := paid("o1")["data"]
	cases := []struct {
		name  string
		event any
		// eventId: the warning names the event, when it has an id.
		eventID string
	}{
		{"without a userId", map[string]any{"id": "e1", "type": "order.paid", "data": map[string]any{"orderId": "o1", "totalCents": 1, "at": paidAt}}, "e1"},
		{"with a malformed time", map[string]any{"id": "e2", "type": "order.paid", "data": map[string]any{"orderId": "o1", "userId": "u1", "totalCents": 1, "at": "yesterday"}}, "e2"},
		{"with an orderId that is not an id", map[string]any{"id": "e3", "type": "order.paid", "data": map[string]any{"orderId": "../o1", "userId": "u1", "totalCents": 1, "at": paidAt}}, "e3"},
		{"without data", map[string]any{"id": "e4", "type": "order.paid"}, "e4"},
		{"without an id", map[string]any{"type": "order.paid", "data": data}, ""},
		{"with an empty type", map[string]any{"id": "e5", "type": "", "data": data}, ""},
		{"with a number for an id", map[string]any{"id": 5, "type": "order.paid", "data": data}, ""},
		{"that is not JSON", "{not json", ""},
		{"that is an array", "[]", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := setup(t, "")
			if s := h.deliver(t, c.event); s != "DROP" {
				t.Fatalf("answered %s", s)
			}
			if len(h.events.Published()) != 0 {
				t.Fatal("published")
			}
			line := logLine(t, h.logs, "dropping event")
			if line["level"] != 40.0 || line["why"] == nil || (c.eventID != "" && line["eventId"] != c.eventID) {
				t.Fatalf("warning %v", line)
			}
		})
	}
}

func logLine(t *testing.T, logs *bytes.Buffer, msg string) map[string]any {
	t.Helper()
	for line := range strings.SplitSeq(logs.String(), "\n") {
		var fields map[string]any
		if json.Unmarshal([]byte(line), &fields) == nil && fields["msg"] == msg {
			return fields
		}
	}
	t.Fatalf("no %q line in %s", msg, logs)
	return nil
}

func TestLookingUpAShipmentAnswersProblems(t *testing.T) {
	cases := []struct {
		name, path string
		status     int
	}{
		{"an order never shipped", "/shipments/o404", 404},
		{"a malformed order id", "/shipments/o%20404", 400},
		{"an order id too long", "/shipments/" + strings.Repeat("a", 101), 400},
		{"an encoded slash", "/shipments/a%2Fb", 400},
		{"an unknown route", "/nowhere", 404},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := setup(t, "").do("GET", c.path, nil, "x-request-id", "req-1")
			if res.StatusCode != c.status || res.Header.Get("content-type") != "application/problem+json" {
				t.Fatalf("%d %s", res.StatusCode, res.Header.Get("content-type"))
			}
			p := decode[map[string]any](t, res)
			if p["status"] != float64(c.status) || p["requestId"] != "req-1" || p["traceId"] == nil || p["type"] == nil || p["title"] == nil || p["detail"] == nil {
				t.Fatalf("problem %v", p)
			}
			if c.status == 400 && p["errors"].(map[string]any)["orderId"] == nil {
				t.Fatalf("no field error in %v", p)
			}
		})
	}
}

func TestAStoreFailureIsA500WithoutItsCause(t *testing.T) {
	h := setup(t, "")
	if _, err := h.state.Save(context.Background(), "shipment:o1", []byte(`{"status":"lost"}`), ""); err != nil {
		t.Fatal(err)
	}
	res := h.do("GET", "/shipments/o1", nil)
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 500 || strings.Contains(string(body), "lost") || !strings.Contains(string(body), `"type":"urn:quire:problem:internal"`) {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	if line := logLine(t, h.logs, "request failed"); line["level"] != 50.0 || line["err"] == nil {
		t.Fatalf("error line %v", line)
	}
}

func TestOnlyTheSidecarGetsIn(t *testing.T) {
	h := setup(t, "sidecar-secret")
	for _, token := range []string{"", "wrong"} {
		res := h.do("POST", "/events/orders", paid("o1"), "dapr-api-token", token)
		p := decode[map[string]any](t, res)
		if res.StatusCode != 401 || p["type"] != "urn:quire:problem:unauthorized" {
			t.Fatalf("token %q: %d %v", token, res.StatusCode, p)
		}
	}
	if res := h.do("GET", "/shipments/o1", nil, "dapr-api-token", "sidecar-secret"); res.StatusCode != 404 {
		t.Fatalf("with the token: %d", res.StatusCode)
	}
	for _, open := range []string{"/healthz", "/metrics"} {
		if res := h.do("GET", open, nil); res.StatusCode != 200 {
			t.Fatalf("%s: %d", open, res.StatusCode)
		}
	}
	if len(h.events.Published()) != 0 {
		t.Fatal("an event without the token was handled")
	}
}

func TestHealthz(t *testing.T) {
	if res := setup(t, "").do("HEAD", "/healthz", nil); res.StatusCode != 200 {
		t.Fatalf("HEAD: %d", res.StatusCode)
	}
	res := setup(t, "").do("GET", "/healthz", nil)
	if body := decode[map[string]string](t, res); res.StatusCode != 200 || body["status"] != "ok" || body["service"] != "shipping" {
		t.Fatalf("%d %v", res.StatusCode, body)
	}
}

func TestRequestsCarryTheirTraceAndId(t *testing.T) {
	h := setup(t, "")
	parent := "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
	res := h.do("GET", "/shipments/o1", nil, "traceparent", parent, "x-request-id", "abc-123")
	if res.Header.Get("traceparent") != parent || res.Header.Get("x-request-id") != "abc-123" {
		t.Fatalf("headers %v", res.Header)
	}
	line := logLine(t, h.logs, "request")
	want := map[string]any{"level": 30.0, "name": "shipping", "service": "shipping", "requestId": "abc-123", "method": "GET", "path": "/shipments/o1", "status": 404.0, "trace_id": "0af7651916cd43dd8448eb211c80319c", "span_id": "b7ad6b7169203331"}
	for k, v := range want {
		if line[k] != v {
			t.Fatalf("%s = %v in %v", k, line[k], line)
		}
	}
	for _, k := range []string{"time", "ms"} {
		if line[k] == nil {
			t.Fatalf("no %s in %v", k, line)
		}
	}
	// A request without a usable trace begins one; a request id that is not sane is replaced.
	res = h.do("GET", "/healthz", nil, "traceparent", "00-00000000000000000000000000000000-b7ad6b7169203331-01", "x-request-id", "a b")
	if _, ok := obs.ParseTraceparent(res.Header.Get("traceparent")); !ok || strings.Contains(res.Header.Get("traceparent"), "0000000000000000") {
		t.Fatalf("traceparent %q", res.Header.Get("traceparent"))
	}
	if uuid.Validate(res.Header.Get("x-request-id")) != nil {
		t.Fatalf("request id %q", res.Header.Get("x-request-id"))
	}
}

func TestMetricsSayWhatTheAppDid(t *testing.T) {
	h := setup(t, "")
	h.deliver(t, paid("o1"))
	h.deliver(t, map[string]any{"id": "e1", "type": "order.paid", "data": map[string]any{}})
	h.do("GET", "/shipments/o1", nil)
	body, _ := io.ReadAll(h.do("GET", "/metrics", nil).Body)
	for _, want := range []string{
		`quire_build_info{runtime="go1.`,
		`quire_events_handled_total{outcome="success",service="shipping",type="order.paid"} 1`,
		`quire_events_handled_total{outcome="drop",service="shipping",type="order.paid"} 1`,
		`quire_http_request_duration_seconds_count{method="GET",route="/shipments/:orderId",service="shipping",status="200"} 1`,
		`process_resident_memory_bytes{service="shipping"}`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("no %s in the metrics", want)
		}
	}
	if !regexp.MustCompile(`quire_build_info\{runtime="go1\.\d+\.\d+",service="shipping",version="0\.1\.0"\} 1`).Match(body) {
		t.Errorf("quire_build_info: %s", regexp.MustCompile(`(?m)^quire_build_info.*$`).Find(body))
	}
}

// Ship's failures reach Dapr as RETRY, but a record that breaks its contract as DROP: the kit
// drops on any zod error, the stored shipment's included.
func TestAStoredShipmentThatBreaksTheContractIsDropped(t *testing.T) {
	h := setup(t, "")
	_, _ = h.state.Save(context.Background(), "shipment:o1", []byte(`{"status":"lost"}`), "")
	if s := h.deliver(t, paid("o1")); s != "DROP" {
		t.Fatalf("answered %s", s)
	}
}
