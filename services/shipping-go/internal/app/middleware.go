package app

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"quire/shipping-go/internal/obs"
)

type requestIDKey struct{}

func requestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	if id == "" {
		return "unknown"
	}
	return id
}

// Hono's requestId middleware: the caller's x-request-id when it is sane, else a new one.
var saneRequestID = regexp.MustCompile(`^[\w\-=]{1,255}$`)

// recorder remembers the status a handler answered, for the access log and the histogram.
type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// observe is the kit app's first two middlewares: a request id, the request's trace (continued
// from the caller's traceparent, or begun here), the duration histogram and one JSON access line.
func (a *application) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started := time.Now()
		id := r.Header.Get("x-request-id")
		if !saneRequestID.MatchString(id) {
			id = uuid.NewString()
		}
		trace, ok := obs.ParseTraceparent(r.Header.Get("traceparent"))
		if !ok {
			trace = obs.NewTrace()
		}
		ctx := obs.WithTrace(context.WithValue(r.Context(), requestIDKey{}, id), trace)
		w.Header().Set("x-request-id", id)
		w.Header().Set("traceparent", trace.Traceparent)
		rec := &recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(ctx))
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		elapsed := time.Since(started)
		a.Metrics.RequestDuration.WithLabelValues(routePattern(r), r.Method, strconv.Itoa(rec.status)).Observe(elapsed.Seconds())
		// Health checks and scrapes come every few seconds: not worth a line at info.
		level := slog.LevelInfo
		if r.URL.Path == "/healthz" || r.URL.Path == "/metrics" {
			level = slog.LevelDebug
		}
		a.Logger.Log(ctx, level, "request", "requestId", id, "method", r.Method, "path", r.URL.Path, "status", rec.status, "ms", elapsed.Milliseconds())
	})
}

// The route's pattern in Hono's spelling (/shipments/:orderId), not its path: one series per
// route whatever the ids, named as the TypeScript shipping names them.
func routePattern(r *http.Request) string {
	rc := chi.RouteContext(r.Context())
	if rc == nil || rc.RoutePattern() == "" {
		return "*"
	}
	return chiToHono.ReplaceAllString(rc.RoutePattern(), ":$1")
}

var chiToHono = regexp.MustCompile(`\{([^}:]+)(:[^}]*)?\}`)

// requireAppToken: only the app's own sidecar knows APP_API_TOKEN, so a caller that reaches the
// app port directly, around Dapr's access policies, is turned away. Health and metrics stay open
// for the sidecar's health probe and Prometheus. Digests make the comparison constant-time
// whatever the lengths.
func (a *application) requireAppToken(next http.Handler) http.Handler {
	if a.appToken == "" {
		return next
	}
	expected := sha256.Sum256([]byte(a.appToken))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" || r.URL.Path == "/metrics" {
			next.ServeHTTP(w, r)
			return
		}
		presented := r.Header.Get("dapr-api-token")
		digest := sha256.Sum256([]byte(presented))
		if presented == "" || subtle.ConstantTimeCompare(digest[:], expected[:]) != 1 {
			a.fail(w, r, &appError{code: unauthorized, message: "Missing or wrong dapr-api-token: this port only answers its Dapr sidecar."})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// fail is the kit's one onError: an appError keeps its code; anything else is a 500 whose cause
// is logged and never sent (no stack to the client).
func (a *application) fail(w http.ResponseWriter, r *http.Request, err error) {
	e, ok := err.(*appError)
	if !ok {
		e = &appError{code: internal, message: "Something went wrong on our side; the error was logged."}
	}
	if statusByCode[e.code] >= 500 {
		a.Logger.ErrorContext(r.Context(), "request failed", obs.Err(err), "requestId", requestIDFrom(r.Context()), "path", r.URL.Path)
	}
	traceID := ""
	if t, ok := obs.TraceFrom(r.Context()); ok {
		traceID = t.TraceID
	}
	writeJSON(w, statusByCode[e.code], "application/problem+json", toProblem(e, requestIDFrom(r.Context()), traceID))
}

// recoverPanics turns a panic in a handler into the same 500 problem, as Hono's onError does for a throw.
func (a *application) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				a.fail(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
