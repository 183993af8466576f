// Package adapters implements the domain's interfaces against the Dapr sidecar (the Go SDK's
// gRPC client) and in memory, for fast tests.
package adapters

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"regexp"
	"strconv"
	"time"

	dapr "github.com/dapr/go-sdk/client"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"quire/shipping-go/internal/domain"
	"quire/shipping-go/internal/obs"
)

// ConnectSidecar returns a client once the sidecar's gRPC API answers (daprd opens it after its
// components are loaded, before it reaches the app), so the service never races its sidecar.
// It keeps trying until ctx ends.
func ConnectSidecar(ctx context.Context, host string, grpcPort int, apiToken string, waiting func(error)) (dapr.Client, error) {
	// The SDK prints plain lines to stdout ("dapr client initializing for ..."); the service's log
	// is JSON lines, and says the same itself.
	dapr.SetLogger(log.New(io.Discard, "", 0))
	address := net.JoinHostPort(host, strconv.Itoa(grpcPort))
	for {
		client, err := dapr.NewClientWithAddressContext(ctx, address, grpc.WithChainUnaryInterceptor(carryTrace), grpc.WithConnectParams(reconnect))
		if err == nil {
			// From config, not the SDK's own read of DAPR_API_TOKEN: one place reads the environment.
			client.WithAuthToken(apiToken)
			return client, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("the sidecar at %s never answered: %w", address, err)
		}
		waiting(err)
	}
}

// gRPC's default reconnect backoff grows to two minutes; a sidecar that restarts (a crash, the
// chaos tests) is back within seconds, and calls fail fast until the connection is.
var reconnect = grpc.ConnectParams{
	Backoff:           backoff.Config{BaseDelay: 100 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: time.Second},
	MinConnectTimeout: 5 * time.Second,
}

// carryTrace puts the request's traceparent on every call to the sidecar (state, publish), so
// daprd puts its spans, and the order.shipped it publishes, in the request's trace. It must run
// inside the SDK's API-token interceptor: that one replaces the outgoing metadata with the token
// alone (metadata.NewOutgoingContext), so metadata set on the context beforehand is lost; the
// trace travels as a context value and becomes metadata here, after it.
func carryTrace(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	if t, ok := obs.TraceFrom(ctx); ok {
		ctx = metadata.AppendToOutgoingContext(ctx, "traceparent", t.Traceparent)
	}
	return invoker(ctx, method, req, reply, cc, opts...)
}

// StateClient is the part of the SDK client the state store uses.
type StateClient interface {
	GetState(ctx context.Context, storeName, key string, meta map[string]string) (*dapr.StateItem, error)
	SaveBulkState(ctx context.Context, storeName string, items ...*dapr.SetStateItem) error
}

// DaprStateStore is kit's DaprStateStore over the Go SDK: ETag reads, first-write saves.
type DaprStateStore struct {
	client StateClient
	store  string
}

func NewDaprStateStore(client StateClient, store string) *DaprStateStore {
	return &DaprStateStore{client: client, store: store}
}

func (s *DaprStateStore) Get(ctx context.Context, key string) (domain.Versioned, error) {
	item, err := s.client.GetState(ctx, s.store, key, nil)
	if err != nil {
		return domain.Versioned{}, fmt.Errorf("reading %s from %s: %w", key, s.store, err)
	}
	v := domain.Versioned{ETag: item.Etag}
	if len(item.Value) > 0 {
		v.Value = item.Value
	}
	return v, nil
}

// Save writes with first-write concurrency: an ETag must still match; none means create. A write
// the database aborted (see transient) is tried again; a lost race is a Conflict.
//
// The value goes as raw JSON bytes without a contentType: JSON marker. With the marker, daprd
// would decode it like its HTTP API does (where the TypeScript shipping's records come from), but
// it also hands the marker to the store, and Redis with the JSON module then writes a JSON-type
// key that a plain read cannot see. Without it, SQL stores keep the value as bytes (isBinary)
// rather than as JSON text; reads through Dapr return the same JSON from either.
func (s *DaprStateStore) Save(ctx context.Context, key string, value []byte, etag string) (domain.SaveResult, error) {
	return retryTransient(ctx, func() (domain.SaveResult, error) {
		item := &dapr.SetStateItem{
			Key:   key,
			Value: value,
			// Concurrency only, as the TypeScript kit sends it.
			Options: &dapr.StateOptions{Concurrency: dapr.StateConcurrencyFirstWrite},
		}
		if etag != "" {
			item.Etag = &dapr.ETag{Value: etag}
		}
		err := s.client.SaveBulkState(ctx, s.store, item)
		if err == nil {
			return domain.Saved, nil
		}
		// Aborted: the ETag moved on. A create (no ETag) that lost to another writer is not reported
		// as an ETag error by every store (Redis answers Internal), so look: if the key exists now,
		// it was a race.
		if status.Code(err) == codes.Aborted {
			return domain.Conflict, nil
		}
		if etag == "" {
			if current, getErr := s.Get(ctx, key); getErr == nil && current.ETag != "" {
				return domain.Conflict, nil
			}
		}
		return 0, fmt.Errorf("saving %s to %s failed: %w", key, s.store, err)
	})
}

// A write the database itself gave up on (a deadlock victim, a lock wait timeout, SQLite busy,
// MariaDB's auto-increment hiccup under load) or a read the runtime calls transient changed
// nothing, so it may simply be tried again. The same list as the kit's transient.ts.
var transient = regexp.MustCompile(`(?i)deadlock|try restarting transaction|lock wait timeout|database is locked|auto-increment|transient store read failure`)

func retryTransient[T any](ctx context.Context, attempt func() (T, error)) (T, error) {
	const tries = 5
	for n := 1; ; n++ {
		result, err := attempt()
		if err == nil || n >= tries || !transient.MatchString(err.Error()) {
			return result, err
		}
		select {
		case <-ctx.Done():
			return result, errors.Join(err, ctx.Err())
		case <-time.After(time.Duration(rand.Float64() * float64(20*time.Millisecond<<n))):
		}
	}
}

// PublishClient is the part of the SDK client the publisher uses.
type PublishClient interface {
	PublishEvent(ctx context.Context, pubsubName, topicName string, data any, opts ...dapr.PublishEventOption) error
}

// DaprPublisher announces events on one topic. Why not Dapr's transactional outbox: see the
// kit's publisher.ts (in Dapr 1.18.2 a rolled-back outbox transaction keeps one of the internal
// topic's handlers busy for good); a state write followed by a publish retried until it succeeds
// (a redelivered event) gives the same guarantee, at least once, without it.
type DaprPublisher struct {
	client PublishClient
	pubsub string
	topic  string
}

func NewDaprPublisher(client PublishClient, pubsub, topic string) *DaprPublisher {
	return &DaprPublisher{client: client, pubsub: pubsub, topic: topic}
}

// Publish sends the data as JSON (the SDK marshals a struct and says application/json); the
// event's key becomes the CloudEvent id, which consumers dedupe by.
func (p *DaprPublisher) Publish(ctx context.Context, event domain.Event) error {
	err := p.client.PublishEvent(ctx, p.pubsub, p.topic, event.Data,
		dapr.PublishEventWithMetadata(map[string]string{"cloudevent.id": event.Key, "cloudevent.type": event.Type}))
	if err != nil {
		return fmt.Errorf("publishing %s to %s failed: %w", event.Key, p.topic, err)
	}
	return nil
}
