package adapters

import (
	"context"
	"errors"
	"testing"

	pb "github.com/dapr/dapr/pkg/proto/runtime/v1"
	dapr "github.com/dapr/go-sdk/client"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"quire/shipping-go/internal/domain"
	"quire/shipping-go/internal/obs"
)

// stateClient answers like the SDK client: saveErrs one error per save, then success.
type stateClient struct {
	saves    []*dapr.SetStateItem
	saveErrs []error
	stored   map[string]*dapr.StateItem
}

func (c *stateClient) GetState(_ context.Context, _, key string, _ map[string]string) (*dapr.StateItem, error) {
	if item, ok := c.stored[key]; ok {
		return item, nil
	}
	return &dapr.StateItem{Key: key}, nil
}

func (c *stateClient) SaveBulkState(_ context.Context, _ string, items ...*dapr.SetStateItem) error {
	c.saves = append(c.saves, items...)
	if len(c.saveErrs) == 0 {
		return nil
	}
	err := c.saveErrs[0]
	c.saveErrs = c.saveErrs[1:]
	return err
}

func TestSavesAreFirstWriteWithTheETag(t *testing.T) {
	c := &stateClient{}
	s := NewDaprStateStore(c, "shipmentstore")
	if r, err := s.Save(context.Background(), "k", []byte(`{}`), "7"); err != nil || r != domain.Saved {
		t.Fatal(r, err)
	}
	if r, err := s.Save(context.Background(), "k", []byte(`{}`), ""); err != nil || r != domain.Saved {
		t.Fatal(r, err)
	}
	first, create := c.saves[0], c.saves[1]
	if first.Etag == nil || first.Etag.Value != "7" || first.Options.Concurrency != dapr.StateConcurrencyFirstWrite {
		t.Fatalf("%+v", first)
	}
	if create.Etag != nil || create.Options.Concurrency != dapr.StateConcurrencyFirstWrite || len(create.Metadata) != 0 {
		t.Fatalf("a create must carry no ETag and no metadata: %+v", create)
	}
}

func TestLostRacesAreConflicts(t *testing.T) {
	// daprd answers a moved ETag with Aborted.
	c := &stateClient{saveErrs: []error{status.Error(codes.Aborted, "possible etag mismatch")}}
	if r, err := NewDaprStateStore(c, "s").Save(context.Background(), "k", []byte(`{}`), "1"); err != nil || r != domain.Conflict {
		t.Fatal(r, err)
	}
	// Redis answers a lost create with Internal; the key being there now tells the race.
	c = &stateClient{saveErrs: []error{status.Error(codes.Internal, "failed saving state")}, stored: map[string]*dapr.StateItem{"k": {Value: []byte(`{}`), Etag: "1"}}}
	if r, err := NewDaprStateStore(c, "s").Save(context.Background(), "k", []byte(`{}`), ""); err != nil || r != domain.Conflict {
		t.Fatal(r, err)
	}
	// A failure that is no race stays a failure.
	c = &stateClient{saveErrs: []error{status.Error(codes.Internal, "connection refused")}}
	if _, err := NewDaprStateStore(c, "s").Save(context.Background(), "k", []byte(`{}`), ""); err == nil {
		t.Fatal("a failed save reported as done")
	}
}

func TestTransientFailuresAreTriedAgain(t *testing.T) {
	c := &stateClient{saveErrs: []error{status.Error(codes.Internal, "Error 1213: Deadlock found when trying to get lock; try restarting transaction"), status.Error(codes.Internal, "database is locked")}}
	if r, err := NewDaprStateStore(c, "s").Save(context.Background(), "k", []byte(`{}`), "1"); err != nil || r != domain.Saved || len(c.saves) != 3 {
		t.Fatal(r, err, len(c.saves))
	}
}

func TestAMissingKeyHasNoValueAndNoETag(t *testing.T) {
	v, err := NewDaprStateStore(&stateClient{}, "s").Get(context.Background(), "k")
	if err != nil || v.Value != nil || v.ETag != "" {
		t.Fatalf("%+v %v", v, err)
	}
}

type publishClient struct {
	request *pb.PublishEventRequest
	data    any
	err     error
}

func (c *publishClient) PublishEvent(_ context.Context, pubsub, topic string, data any, opts ...dapr.PublishEventOption) error {
	c.request = &pb.PublishEventRequest{PubsubName: pubsub, Topic: topic}
	for _, o := range opts {
		o(c.request)
	}
	c.data = data
	return c.err
}

// The event's key is the CloudEvent id consumers dedupe by; its data goes as a JSON object.
func TestPublishesUnderTheEventsKey(t *testing.T) {
	c := &publishClient{}
	data := struct{ OrderID string }{"o1"}
	if err := NewDaprPublisher(c, "pubsub", "shipments").Publish(context.Background(), domain.Event{Key: "order.shipped:o1", Type: "order.shipped", Data: data}); err != nil {
		t.Fatal(err)
	}
	md := c.request.GetMetadata()
	if c.request.GetPubsubName() != "pubsub" || c.request.GetTopic() != "shipments" || md["cloudevent.id"] != "order.shipped:o1" || md["cloudevent.type"] != "order.shipped" {
		t.Fatalf("%+v", c.request)
	}
	// A struct (not bytes) is what makes the SDK marshal it and say application/json.
	if _, isBytes := c.data.([]byte); isBytes {
		t.Fatal("data handed over as bytes: the CloudEvent would not say application/json")
	}
	c.err = errors.New("broker down")
	if err := NewDaprPublisher(c, "pubsub", "shipments").Publish(context.Background(), domain.Event{Key: "k"}); err == nil {
		t.Fatal("a refused publish reported as done")
	}
}

// The trace is added after the SDK's token interceptor has replaced the outgoing metadata, and
// keeps the token.
func TestSidecarCallsCarryTheTrace(t *testing.T) {
	trace := obs.NewTrace()
	ctx := metadata.NewOutgoingContext(obs.WithTrace(context.Background(), trace), metadata.Pairs("dapr-api-token", "d"))
	var sent metadata.MD
	invoker := func(ctx context.Context, _ string, _, _ any, _ *grpc.ClientConn, _ ...grpc.CallOption) error {
		sent, _ = metadata.FromOutgoingContext(ctx)
		return nil
	}
	if err := carryTrace(ctx, "/dapr.proto.runtime.v1.Dapr/PublishEvent", nil, nil, nil, invoker); err != nil {
		t.Fatal(err)
	}
	if got := sent.Get("traceparent"); len(got) != 1 || got[0] != trace.Traceparent || sent.Get("dapr-api-token")[0] != "d" {
		t.Fatalf("metadata %v", sent)
	}
}
