// Package domain is shipping's logic over two small interfaces; it knows neither Dapr nor HTTP.
package domain

import "context"

// Versioned is a stored value and its ETag; a missing key has neither (Value nil, ETag "").
type Versioned struct {
	Value []byte
	ETag  string
}

type SaveResult int

const (
	Saved SaveResult = iota
	// Conflict: the ETag moved on, or a create found the key already there.
	Conflict
)

// StateStore is key/value state with optimistic concurrency (kit's StateStore, the part shipping
// uses). Save writes only if the stored ETag still equals etag; etag "" means create.
type StateStore interface {
	Get(ctx context.Context, key string) (Versioned, error)
	Save(ctx context.Context, key string, value []byte, etag string) (SaveResult, error)
}

// Event is an event as a service announces it (kit's DomainEvent). Key is its identity and its
// CloudEvent id: the same event announced twice has the same key, and consumers dedupe by it.
type Event struct {
	Key  string
	Type string
	Data any
}

// Publisher returns once the broker has the event and fails when it does not, so the caller
// tries again with the same event.
type Publisher interface {
	Publish(ctx context.Context, event Event) error
}
