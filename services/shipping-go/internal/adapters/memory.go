package adapters

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"

	"quire/shipping-go/internal/domain"
)

// MemoryStateStore is the StateStore contract in memory, for fast tests of domain and routes.
type MemoryStateStore struct {
	mu      sync.Mutex
	entries map[string]memoryEntry
	version int
	// FailSaves, when set, decides per key whether a save fails like a sidecar that drops a write.
	FailSaves func(key string) bool
}

type memoryEntry struct {
	value []byte
	etag  string
}

func NewMemoryStateStore() *MemoryStateStore {
	return &MemoryStateStore{entries: map[string]memoryEntry{}}
}

func (m *MemoryStateStore) Get(_ context.Context, key string) (domain.Versioned, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok {
		return domain.Versioned{}, nil
	}
	return domain.Versioned{Value: slices.Clone(e.value), ETag: e.etag}, nil
}

// Save is like Dapr's first-write concurrency: an ETag must match; no ETag means "create".
func (m *MemoryStateStore) Save(_ context.Context, key string, value []byte, etag string) (domain.SaveResult, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.FailSaves != nil && m.FailSaves(key) {
		return 0, errors.New("sidecar unavailable")
	}
	current, ok := m.entries[key]
	if (ok && current.etag != etag) || (!ok && etag != "") {
		return domain.Conflict, nil
	}
	m.version++
	m.entries[key] = memoryEntry{value: slices.Clone(value), etag: strconv.Itoa(m.version)}
	return domain.Saved, nil
}

// MemoryPublisher records what was published; Refuse(type, n) makes the broker refuse the next n
// events of that type.
type MemoryPublisher struct {
	mu        sync.Mutex
	published []domain.Event
	refusals  map[string]int
}

func NewMemoryPublisher() *MemoryPublisher {
	return &MemoryPublisher{refusals: map[string]int{}}
}

func (p *MemoryPublisher) Refuse(eventType string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.refusals[eventType] = n
}

func (p *MemoryPublisher) Publish(_ context.Context, event domain.Event) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.refusals[event.Type] > 0 {
		p.refusals[event.Type]--
		return errors.New("the broker refused " + event.Key)
	}
	p.published = append(p.published, event)
	return nil
}

func (p *MemoryPublisher) Published() []domain.Event {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.published)
}
