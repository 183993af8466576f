// Package config reads the environment once, at start, with the same names, defaults and checks
// as the TypeScript services' env.ts (kit's serviceEnvSchema plus shipping's own fields).
package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

type Config struct {
	Port            int
	Host            string
	LogLevel        string
	DaprHost        string
	DaprHTTPPort    int
	DaprGRPCPort    int
	DaprAPIToken    string // empty: the sidecar was started without one
	AppAPIToken     string
	StateStore      string
	PubsubComponent string
	// Where the contracts' JSON Schemas are; the app runs in services/shipping-go.
	SchemasDir string
}

// FieldError lists every wrong field at once, so one start tells the whole story.
type FieldError struct{ Fields [][2]string }

func (e *FieldError) Error() string {
	lines := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		lines = append(lines, fmt.Sprintf("  %s: %s", f[0], f[1]))
	}
	return "Invalid environment:\n" + strings.Join(lines, "\n")
}

var logLevels = []string{"fatal", "error", "warn", "info", "debug", "trace", "silent"}

// Parse reads the variables from lookup (os.LookupEnv in main, a map in tests).
func Parse(lookup func(string) (string, bool)) (Config, error) {
	p := parser{lookup: lookup}
	c := Config{
		Port:            p.port("PORT", 3005),
		Host:            p.str("HOST", "127.0.0.1", false),
		LogLevel:        p.oneOf("LOG_LEVEL", "info", logLevels),
		DaprHost:        p.str("DAPR_HOST", "127.0.0.1", false),
		DaprHTTPPort:    p.port("DAPR_HTTP_PORT", 3500),
		DaprGRPCPort:    p.port("DAPR_GRPC_PORT", 50001),
		DaprAPIToken:    p.optional("DAPR_API_TOKEN"),
		AppAPIToken:     p.required("APP_API_TOKEN", "set APP_API_TOKEN: the sidecar sends it to the app on every call"),
		StateStore:      p.str("STATE_STORE", "shipmentstore", true),
		PubsubComponent: p.str("PUBSUB_COMPONENT", "pubsub", true),
		SchemasDir:      p.str("SCHEMAS_DIR", "../../packages/contracts/schemas", true),
	}
	if len(p.errs) > 0 {
		return Config{}, &FieldError{Fields: p.errs}
	}
	return c, nil
}

type parser struct {
	lookup func(string) (string, bool)
	errs   [][2]string
}

func (p *parser) fail(name, msg string) { p.errs = append(p.errs, [2]string{name, msg}) }

// Like zod's defaults: only an unset variable takes the default; a set but empty one is checked.
func (p *parser) str(name, def string, nonEmpty bool) string {
	v, ok := p.lookup(name)
	if !ok {
		return def
	}
	if nonEmpty && v == "" {
		p.fail(name, "must not be empty")
	}
	return v
}

func (p *parser) optional(name string) string {
	v, ok := p.lookup(name)
	if ok && v == "" {
		p.fail(name, "must not be empty (unset it instead)")
	}
	return v
}

func (p *parser) required(name, why string) string {
	v, ok := p.lookup(name)
	if !ok || v == "" {
		p.fail(name, why)
	}
	return v
}

func (p *parser) port(name string, def int) int {
	v, ok := p.lookup(name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > 65535 {
		p.fail(name, fmt.Sprintf("must be a port number from 1 to 65535, not %q", v))
	}
	return n
}

func (p *parser) oneOf(name, def string, allowed []string) string {
	v, ok := p.lookup(name)
	if !ok {
		return def
	}
	if !slices.Contains(allowed, v) {
		p.fail(name, fmt.Sprintf("must be one of %s, not %q", strings.Join(allowed, ", "), v))
	}
	return v
}
