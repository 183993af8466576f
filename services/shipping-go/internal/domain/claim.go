package domain

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"
)

// ContendedError: a key kept changing under us for every attempt.
type ContendedError struct{ Key string }

func (e *ContendedError) Error() string { return e.Key + " kept changing while we updated it" }

const (
	mutateAttempts   = 50
	mutateMaxBackoff = 200 * time.Millisecond
)

// mutate is kit's read-modify-write of one key with its ETag: change sees the current value (nil
// when the key is new) and returns the next one, or nil to leave the key as it is. A write that
// lost a race is retried on fresh data after a random, growing wait. Returns what is stored after.
func mutate(ctx context.Context, state StateStore, key string, change func(current []byte) ([]byte, error)) ([]byte, error) {
	for attempt := 1; attempt <= mutateAttempts; attempt++ {
		current, err := state.Get(ctx, key)
		if err != nil {
			return nil, err
		}
		next, err := change(current.Value)
		if err != nil {
			return nil, err
		}
		if next == nil {
			return current.Value, nil
		}
		result, err := state.Save(ctx, key, next, current.ETag)
		if err != nil {
			return nil, err
		}
		if result == Saved {
			return next, nil
		}
		ceiling := min(mutateMaxBackoff, 5*time.Millisecond<<min(attempt, 8))
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Duration(rand.Int64N(int64(ceiling)))):
		}
	}
	return nil, &ContendedError{Key: key}
}

// The claim record, as the TypeScript kit writes it ({ token, at: epoch ms }), so either
// implementation can take over the other's stale claim.
type claimRecord struct {
	Token string `json:"token"`
	At    int64  `json:"at"`
}

// claim takes a one-time job for this caller. Only one concurrent claimer wins; a claim older
// than stale is taken over, so a crashed holder does not block the job forever. Needed because a
// state transaction cannot be create-only on every store.
func claim(ctx context.Context, state StateStore, key string, stale time.Duration, now func() time.Time, token string) (bool, error) {
	held, err := mutate(ctx, state, key, func(current []byte) ([]byte, error) {
		if current != nil {
			var c claimRecord
			if err := json.Unmarshal(current, &c); err != nil {
				return nil, fmt.Errorf("the claim %s is unreadable: %w", key, err)
			}
			if now().UnixMilli()-c.At <= stale.Milliseconds() {
				return nil, nil
			}
		}
		return json.Marshal(claimRecord{Token: token, At: now().UnixMilli()})
	})
	if err != nil || held == nil {
		return false, err
	}
	var c claimRecord
	if err := json.Unmarshal(held, &c); err != nil {
		return false, fmt.Errorf("the claim %s is unreadable: %w", key, err)
	}
	return c.Token == token, nil
}
