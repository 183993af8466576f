package obs

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"strings"
)

// Pino's level numbers and names; LOG_LEVEL takes the names.
var levels = map[string]slog.Level{
	"trace": slog.Level(-8), "debug": slog.LevelDebug, "info": slog.LevelInfo,
	"warn": slog.LevelWarn, "error": slog.LevelError, "fatal": slog.Level(12),
	"silent": slog.Level(math.MaxInt32),
}

const LevelFatal = slog.Level(12)

func pinoLevel(l slog.Level) int {
	switch {
	case l < slog.LevelDebug:
		return 10
	case l < slog.LevelInfo:
		return 20
	case l < slog.LevelWarn:
		return 30
	case l < slog.LevelError:
		return 40
	case l < LevelFatal:
		return 50
	default:
		return 60
	}
}

// NewLogger writes the JSON lines the TypeScript services write with pino, field for field:
// level (pino's number), time (epoch ms), service, name, msg (the kit's pino has no pid or
// hostname: its base is the service alone), and, while a request
// is handled, its trace_id and span_id, so a log line leads to the trace in Jaeger and back.
func NewLogger(service, level string, w io.Writer) *slog.Logger {
	handler := slog.NewJSONHandler(w, &slog.HandlerOptions{
		Level: levels[level],
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) > 0 {
				return a
			}
			switch a.Key {
			case slog.LevelKey:
				return slog.Int("level", pinoLevel(a.Value.Any().(slog.Level)))
			case slog.TimeKey:
				return slog.Int64("time", a.Value.Time().UnixMilli())
			}
			return a
		},
	})
	return slog.New(traceHandler{handler}).With("service", service, "name", service)
}

type traceHandler struct{ slog.Handler }

func (h traceHandler) Handle(ctx context.Context, r slog.Record) error {
	if t, ok := TraceFrom(ctx); ok {
		r.AddAttrs(slog.String("trace_id", t.TraceID), slog.String("span_id", t.SpanID))
	}
	return h.Handler.Handle(ctx, r)
}

func (h traceHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return traceHandler{h.Handler.WithAttrs(attrs)}
}

func (h traceHandler) WithGroup(name string) slog.Handler {
	return traceHandler{h.Handler.WithGroup(name)}
}

// Err logs an error as pino's err serializer does: { type, message }.
func Err(err error) slog.Attr {
	return slog.Group("err", slog.String("type", typeName(err)), slog.String("message", err.Error()))
}

// Like an Error's constructor name: Error for the standard library's plain errors, else the type.
func typeName(err error) string {
	name := fmt.Sprintf("%T", err)
	name = name[strings.LastIndex(name, ".")+1:]
	switch name {
	case "errorString", "wrapError", "wrapErrors", "joinError":
		return "Error"
	}
	return name
}
