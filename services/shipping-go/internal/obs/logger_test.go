package obs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// The lines read like the kit's pino lines: its level numbers, epoch-ms time, service and name.
func TestLinesReadLikePino(t *testing.T) {
	var out bytes.Buffer
	logger := NewLogger("shipping", "warn", &out)
	logger.Info("not at warn")
	logger.Warn("dropping event", Err(fmt.Errorf("wrapped: %w", &customError{})), "eventId", "e1")
	logger.Log(context.Background(), LevelFatal, "gone", Err(errors.New("boom")))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 lines at warn, got %q", lines)
	}
	var warn, fatal map[string]any
	_ = json.Unmarshal([]byte(lines[0]), &warn)
	_ = json.Unmarshal([]byte(lines[1]), &fatal)
	if warn["level"] != 40.0 || warn["service"] != "shipping" || warn["name"] != "shipping" || warn["eventId"] != "e1" || warn["msg"] != "dropping event" {
		t.Fatalf("%v", warn)
	}
	if _, isMs := warn["time"].(float64); !isMs || warn["time"].(float64) < 1e12 {
		t.Fatalf("time %v", warn["time"])
	}
	if err := warn["err"].(map[string]any); err["type"] != "Error" || err["message"] != "wrapped: custom" {
		t.Fatalf("err %v", err)
	}
	if fatal["level"] != 60.0 {
		t.Fatalf("%v", fatal)
	}
	out.Reset()
	NewLogger("shipping", "silent", &out).Log(context.Background(), LevelFatal, "quiet")
	if out.Len() != 0 {
		t.Fatalf("silent wrote %s", out.String())
	}
}

type customError struct{}

func (*customError) Error() string { return "custom" }
