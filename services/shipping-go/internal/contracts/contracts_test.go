package contracts_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"quire/shipping-go/internal/contracts"
	"quire/shipping-go/internal/domain"
)

// The TypeScript contracts' exports, from this package's folder.
var schemasDir = filepath.Join("..", "..", "..", "..", "packages", "contracts", "schemas")

func load(t *testing.T) *contracts.Schemas {
	t.Helper()
	s, err := contracts.LoadSchemas(schemasDir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func example(t *testing.T, eventType string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(schemasDir, "examples", eventType+".json"))
	if err != nil {
		t.Fatalf("%v (run: npm run schemas -w @quire/contracts)", err)
	}
	return raw
}

// Every schema the TypeScript contracts export has a Go type here, and no Go type lacks a schema.
func TestEveryContractHasAGoType(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(schemasDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var onDisk []string
	for _, f := range files {
		// Records (book.json) are shapes of answers, not events.
		if name := strings.TrimSuffix(filepath.Base(f), ".json"); strings.HasPrefix(name, "order.") {
			onDisk = append(onDisk, name)
		}
	}
	slices.Sort(onDisk)
	known := slices.Sorted(slices.Values(contracts.EventTypes))
	if !slices.Equal(onDisk, known) {
		t.Fatalf("schemas on disk %v, Go event types %v", onDisk, known)
	}
}

// Each TypeScript example validates against its schema file, decodes into its Go type with no
// field left over, and encodes back to data the schema still accepts, with the same fields.
func TestExamplesFitTheGoTypes(t *testing.T) {
	s := load(t)
	cases := map[string]func([]byte) (any, error){
		contracts.OrderPlacedType:    parse[contracts.OrderPlaced](s, contracts.OrderPlacedType),
		contracts.OrderPaidType:      parse[contracts.OrderPaid](s, contracts.OrderPaidType),
		contracts.OrderCancelledType: parse[contracts.OrderCancelled](s, contracts.OrderCancelledType),
		contracts.OrderShippedType:   parse[contracts.OrderShipped](s, contracts.OrderShippedType),
	}
	for _, eventType := range contracts.EventTypes {
		t.Run(eventType, func(t *testing.T) {
			decode, ok := cases[eventType]
			if !ok {
				t.Fatalf("no Go type decodes %s", eventType)
			}
			raw := example(t, eventType)
			value, err := decode(raw)
			if err != nil {
				t.Fatalf("the example does not fit: %v", err)
			}
			again, _ := json.Marshal(value)
			if err := s.Validate(eventType, again); err != nil {
				t.Fatalf("the Go type encodes data its schema rejects: %v", err)
			}
			if !sameJSON(t, raw, again) {
				t.Fatalf("the Go type changes the data:\n  example %s\n  Go      %s", raw, again)
			}
		})
	}
}

func parse[T any](s *contracts.Schemas, eventType string) func([]byte) (any, error) {
	return func(raw []byte) (any, error) { return contracts.Parse[T](s, eventType, raw) }
}

func sameJSON(t *testing.T, a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		t.Fatal("not JSON")
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return bytes.Equal(ja, jb)
}

// What shipping announces is what the order.shipped contract says.
func TestTheShippedEventFollowsItsContract(t *testing.T) {
	s := load(t)
	event := domain.ShippedEvent(contracts.Shipment{ShipmentID: "0b6f8a52-6d5e-4c1e-9a51-2f1d8b7c3e10", OrderID: "o-1", UserID: "u_1", Status: "shipped", CreatedAt: "2026-11-20T10:05:00.000Z"})
	data, err := json.Marshal(event.Data)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(event.Type, data); err != nil {
		t.Fatal(err)
	}
	if event.Key != "order.shipped:o-1" {
		t.Fatalf("key %q", event.Key)
	}
}

func TestPaymentsThatBreakTheContractAreInvalid(t *testing.T) {
	s := load(t)
	cases := map[string]string{
		"no data":               ``,
		"null":                  `null`,
		"a string holding JSON": `"{\"orderId\":\"o1\",\"userId\":\"u1\",\"at\":\"2026-11-20T10:00:00.000Z\",\"totalCents\":1}"`,
		"without a userId":      `{"orderId":"o1","at":"2026-11-20T10:00:00.000Z","totalCents":1}`,
		"a malformed time":      `{"orderId":"o1","userId":"u1","at":"yesterday","totalCents":1}`,
		"a time with an offset": `{"orderId":"o1","userId":"u1","at":"2026-11-20T10:00:00+01:00","totalCents":1}`,
		"an id that is a path":  `{"orderId":"../o1","userId":"u1","at":"2026-11-20T10:00:00.000Z","totalCents":1}`,
		"fractional cents":      `{"orderId":"o1","userId":"u1","at":"2026-11-20T10:00:00.000Z","totalCents":1.5}`,
		"negative cents":        `{"orderId":"o1","userId":"u1","at":"2026-11-20T10:00:00.000Z","totalCents":-1}`,
		"an extra field":        `{"orderId":"o1","userId":"u1","at":"2026-11-20T10:00:00.000Z","totalCents":1,"coupon":"x"}`,
		"a field in other case": `{"OrderId":"o1","userId":"u1","at":"2026-11-20T10:00:00.000Z","totalCents":1}`,
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := contracts.Parse[contracts.OrderPaid](s, contracts.OrderPaidType, []byte(data))
			if !errors.Is(err, contracts.ErrInvalid) {
				t.Fatalf("want ErrInvalid, got %v", err)
			}
		})
	}
}

func TestAMissingSchemaFolderStopsTheStart(t *testing.T) {
	if _, err := contracts.LoadSchemas(t.TempDir()); err == nil {
		t.Fatal("loaded schemas from an empty folder")
	}
}
