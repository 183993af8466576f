package contracts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Schemas validates event data against the JSON Schema files packages/contracts exports.
type Schemas struct {
	byType map[string]*jsonschema.Schema
}

// LoadSchemas compiles schemas/<type>.json for every event type. A missing or broken file stops
// the service at start rather than at its first event.
func LoadSchemas(dir string) (*Schemas, error) {
	compiler := jsonschema.NewCompiler()
	s := &Schemas{byType: map[string]*jsonschema.Schema{}}
	for _, eventType := range EventTypes {
		path, err := filepath.Abs(filepath.Join(dir, eventType+".json"))
		if err != nil {
			return nil, err
		}
		file, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("the %s contract: %w", eventType, err)
		}
		doc, err := jsonschema.UnmarshalJSON(file)
		file.Close()
		if err != nil {
			return nil, fmt.Errorf("the %s contract (%s) is not JSON: %w", eventType, path, err)
		}
		if err := compiler.AddResource(path, doc); err != nil {
			return nil, fmt.Errorf("the %s contract (%s): %w", eventType, path, err)
		}
		if s.byType[eventType], err = compiler.Compile(path); err != nil {
			return nil, fmt.Errorf("the %s contract (%s) does not compile: %w", eventType, path, err)
		}
	}
	return s, nil
}

// Validate checks an event's raw `data` (nil when the event had none) against its type's schema.
// Formats are not asserted: the schemas carry zod's own patterns, which are what TypeScript checks.
func (s *Schemas) Validate(eventType string, data []byte) error {
	schema, ok := s.byType[eventType]
	if !ok {
		return fmt.Errorf("no contract for event type %q", eventType)
	}
	if len(data) == 0 {
		return fmt.Errorf("%s data is missing: %w", eventType, ErrInvalid)
	}
	value, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%s data is not JSON (%v): %w", eventType, err, ErrInvalid)
	}
	if err := schema.Validate(value); err != nil {
		return fmt.Errorf("%s data %w: %v", eventType, ErrInvalid, err)
	}
	return nil
}

// Parse validates data against its schema, then decodes it into T. The schema forbids extra
// fields; decoding does too, so a Go type that lags the schema fails instead of dropping a field.
func Parse[T any](s *Schemas, eventType string, data []byte) (T, error) {
	var out T
	if err := s.Validate(eventType, data); err != nil {
		return out, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		return out, fmt.Errorf("%s data %w: %v", eventType, ErrInvalid, err)
	}
	return out, nil
}
