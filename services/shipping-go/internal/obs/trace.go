// Package obs carries what the kit's trace, logger and metrics modules do for the TypeScript
// services: the request's W3C trace, pino-shaped JSON logs and the app's Prometheus metrics.
package obs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"strings"
)

// Trace is a W3C trace context (https://www.w3.org/TR/trace-context/). The sidecars make the
// spans; the app only carries the context, so every call a request causes lands in its one trace.
type Trace struct {
	Traceparent string
	TraceID     string
	SpanID      string
}

var traceparentPattern = regexp.MustCompile(`^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$`)
var allZeros = regexp.MustCompile(`^0+$`)

// ParseTraceparent reads an incoming traceparent; ok is false when it is absent or malformed
// (all-zero ids are invalid by the spec).
func ParseTraceparent(value string) (Trace, bool) {
	m := traceparentPattern.FindStringSubmatch(strings.ToLower(strings.TrimSpace(value)))
	if m == nil || allZeros.MatchString(m[1]) || allZeros.MatchString(m[2]) {
		return Trace{}, false
	}
	return Trace{Traceparent: m[0], TraceID: m[1], SpanID: m[2]}, true
}

// NewTrace begins a sampled trace, where a request arrives without one.
func NewTrace() Trace {
	traceID, spanID := randomHex(16), randomHex(8)
	return Trace{Traceparent: "00-" + traceID + "-" + spanID + "-01", TraceID: traceID, SpanID: spanID}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

type traceKey struct{}

func WithTrace(ctx context.Context, t Trace) context.Context {
	return context.WithValue(ctx, traceKey{}, t)
}

func TraceFrom(ctx context.Context) (Trace, bool) {
	t, ok := ctx.Value(traceKey{}).(Trace)
	return t, ok
}
