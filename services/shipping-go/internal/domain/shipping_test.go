package domain_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"quire/shipping-go/internal/adapters"
	"quire/shipping-go/internal/contracts"
	"quire/shipping-go/internal/domain"
)

type world struct {
	state    *adapters.MemoryStateStore
	events   *adapters.MemoryPublisher
	shipping *domain.ShippingService
	mu       sync.Mutex
	clock    time.Time
}

func newWorld(state domain.StateStore) *world {
	w := &world{state: adapters.NewMemoryStateStore(), events: adapters.NewMemoryPublisher(), clock: time.Date(2026, 11, 20, 10, 5, 0, 0, time.UTC)}
	if state == nil {
		state = w.state
	}
	var ids atomic.Int64
	w.shipping = domain.NewShippingService(state, w.events, w.now, func() string { return "id-" + strconv.FormatInt(ids.Add(1), 10) })
	return w
}

func (w *world) now() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.clock
}

func (w *world) later(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.clock = w.clock.Add(d)
}

func paid(orderID string) contracts.OrderPaid {
	return contracts.OrderPaid{OrderID: orderID, UserID: "u1", At: "2026-11-20T10:00:00.000Z", TotalCents: 2398}
}

func (w *world) shipment(t *testing.T, orderID string) contracts.Shipment {
	t.Helper()
	s, found, err := w.shipping.Get(context.Background(), orderID)
	if err != nil || !found {
		t.Fatalf("no shipment for %s (%v)", orderID, err)
	}
	return s
}

func distinct(events []domain.Event) int {
	seen := map[string]bool{}
	for _, e := range events {
		b, _ := json.Marshal(e)
		seen[string(b)] = true
	}
	return len(seen)
}

var ctx = context.Background()

func TestShipsAPaidOrderOnceAndAnnouncesIt(t *testing.T) {
	w := newWorld(nil)
	if err := w.shipping.Ship(ctx, paid("o1")); err != nil {
		t.Fatal(err)
	}
	s := w.shipment(t, "o1")
	want := contracts.Shipment{ShipmentID: s.ShipmentID, OrderID: "o1", UserID: "u1", Status: "shipped", CreatedAt: "2026-11-20T10:05:00.000Z"}
	if s != want || s.ShipmentID == "" {
		t.Fatalf("shipment %+v", s)
	}
	published := w.events.Published()
	wantEvent := domain.Event{Key: "order.shipped:o1", Type: "order.shipped", Data: contracts.OrderShipped{OrderID: "o1", UserID: "u1", ShipmentID: s.ShipmentID, At: s.CreatedAt}}
	if len(published) != 1 || published[0] != wantEvent {
		t.Fatalf("published %+v", published)
	}
}

func TestAnnouncesAShipmentWhoseFirstAnnouncementWasRefused(t *testing.T) {
	w := newWorld(nil)
	w.events.Refuse("order.shipped", 1)
	if err := w.shipping.Ship(ctx, paid("o1")); err == nil {
		t.Fatal("a refused announcement must fail the delivery, so that it comes back")
	}
	written := w.shipment(t, "o1")
	if len(w.events.Published()) != 0 {
		t.Fatal("published although refused")
	}
	if err := w.shipping.Ship(ctx, paid("o1")); err != nil {
		t.Fatal(err)
	}
	if again := w.shipment(t, "o1"); again != written {
		t.Fatalf("the shipment changed: %+v, then %+v", written, again)
	}
	if p := w.events.Published(); len(p) != 1 || p[0].Key != "order.shipped:o1" {
		t.Fatalf("published %+v", p)
	}
}

func TestTheSameEventAgainShipsNothingMoreAndAnnouncesTheSameShipment(t *testing.T) {
	w := newWorld(nil)
	for range 3 {
		if err := w.shipping.Ship(ctx, paid("o1")); err != nil {
			t.Fatal(err)
		}
	}
	if p := w.events.Published(); len(p) != 3 || distinct(p) != 1 {
		t.Fatalf("want the same announcement three times, got %+v", p)
	}
}

// gate holds every reader of a shipment key until both deliveries have looked, so they race for
// real: each has seen no shipment before either writes one.
type gate struct {
	domain.StateStore
	arrived sync.WaitGroup
	once    sync.Map
}

func (g *gate) Get(ctx context.Context, key string) (domain.Versioned, error) {
	v, err := g.StateStore.Get(ctx, key)
	if delivery, _ := ctx.Value(deliveryKey{}).(int); delivery < 2 && strings.HasPrefix(key, "shipment:") {
		if _, again := g.once.LoadOrStore(delivery, true); !again {
			g.arrived.Done()
			g.arrived.Wait()
		}
	}
	return v, err
}

type deliveryKey struct{}

func TestTwoCopiesAtOnceShipOnceAndTheLosersRedeliverySucceeds(t *testing.T) {
	store := adapters.NewMemoryStateStore()
	g := &gate{StateStore: store}
	g.arrived.Add(2)
	w := newWorld(g)
	errs := make([]error, 2)
	var done sync.WaitGroup
	for i := range 2 {
		done.Go(func() { errs[i] = w.shipping.Ship(context.WithValue(ctx, deliveryKey{}, i), paid("o1")) })
	}
	done.Wait()
	// The loser cannot know whether the winner will finish, so it asks Dapr to try again later.
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("want one success and one failure, got %v", errs)
	}
	if err := w.shipping.Ship(context.WithValue(ctx, deliveryKey{}, 2), paid("o1")); err != nil {
		t.Fatal(err)
	}
	if p := w.events.Published(); len(p) != 2 || distinct(p) != 1 {
		t.Fatalf("want one shipment announced twice, got %+v", p)
	}
}

func TestStillShipsAnOrderWhoseFirstDeliveryFailedHalfWayOnceTheClaimGoesStale(t *testing.T) {
	w := newWorld(nil)
	failures := 1
	w.state.FailSaves = func(key string) bool {
		if strings.HasPrefix(key, "shipment:") && failures > 0 {
			failures--
			return true
		}
		return false
	}
	for range 2 {
		if err := w.shipping.Ship(ctx, paid("o1")); err == nil {
			t.Fatal("want a failure while the crashed delivery's claim is fresh")
		}
	}
	w.later(60 * time.Second)
	if err := w.shipping.Ship(ctx, paid("o1")); err != nil {
		t.Fatal(err)
	}
	w.shipment(t, "o1")
	if p := w.events.Published(); len(p) != 1 {
		t.Fatalf("published %+v", p)
	}
}

func TestKeepsOrdersApart(t *testing.T) {
	w := newWorld(nil)
	var done sync.WaitGroup
	for _, id := range []string{"o1", "o2"} {
		done.Go(func() {
			if err := w.shipping.Ship(ctx, paid(id)); err != nil {
				t.Error(err)
			}
		})
	}
	done.Wait()
	if w.shipment(t, "o1").ShipmentID == w.shipment(t, "o2").ShipmentID {
		t.Fatal("two orders, one shipment")
	}
}

// A swap from the TypeScript shipping finds its records: a shipment it wrote (as daprd stores
// it, keys sorted) is announced, and a stale claim it held is taken over.
func TestReadsWhatTheTypeScriptShippingWrote(t *testing.T) {
	w := newWorld(nil)
	ts := `{"createdAt":"2026-11-20T09:00:00.000Z","orderId":"o1","shipmentId":"from-ts","status":"shipped","userId":"u1"}`
	if _, err := w.state.Save(ctx, "shipment:o1", []byte(ts), ""); err != nil {
		t.Fatal(err)
	}
	if err := w.shipping.Ship(ctx, paid("o1")); err != nil {
		t.Fatal(err)
	}
	if p := w.events.Published(); len(p) != 1 || p[0].Data.(contracts.OrderShipped).ShipmentID != "from-ts" {
		t.Fatalf("published %+v", p)
	}

	stale := `{"token":"a-ts-uuid","at":` + strconv.FormatInt(w.now().Add(-31*time.Second).UnixMilli(), 10) + `}`
	if _, err := w.state.Save(ctx, "shipment-claim:o2", []byte(stale), ""); err != nil {
		t.Fatal(err)
	}
	if err := w.shipping.Ship(ctx, paid("o2")); err != nil {
		t.Fatalf("a stale claim must be taken over: %v", err)
	}
	fresh := `{"token":"a-ts-uuid","at":` + strconv.FormatInt(w.now().Add(-29*time.Second).UnixMilli(), 10) + `}`
	if _, err := w.state.Save(ctx, "shipment-claim:o3", []byte(fresh), ""); err != nil {
		t.Fatal(err)
	}
	if err := w.shipping.Ship(ctx, paid("o3")); err == nil {
		t.Fatal("a fresh claim must hold")
	}
}
