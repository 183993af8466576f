package app

import (
	"encoding/json"
	"net/http"
	"strings"
)

// The kit's fixed list of failures, each with its one HTTP status (the codes shipping can raise).
type code string

const (
	badRequest   code = "BAD_REQUEST"
	unauthorized code = "UNAUTHORIZED"
	notFound     code = "NOT_FOUND"
	internal     code = "INTERNAL"
)

var statusByCode = map[code]int{badRequest: 400, unauthorized: 401, notFound: 404, internal: 500}

// appError is the one error type routes raise; writeProblem turns it into problem+json.
type appError struct {
	code    code
	message string
	errors  map[string][]string
}

func (e *appError) Error() string { return e.message }

// Field order as the kit's toProblem writes it.
type problem struct {
	Type      string              `json:"type"`
	Title     string              `json:"title"`
	Status    int                 `json:"status"`
	Detail    string              `json:"detail"`
	RequestID string              `json:"requestId"`
	TraceID   string              `json:"traceId,omitempty"`
	Errors    map[string][]string `json:"errors,omitempty"`
}

func toProblem(e *appError, requestID, traceID string) problem {
	slug := strings.ToLower(string(e.code))
	title := strings.ReplaceAll(slug, "_", " ")
	return problem{
		Type:      "urn:quire:problem:" + strings.ReplaceAll(slug, "_", "-"),
		Title:     strings.ToUpper(title[:1]) + title[1:],
		Status:    statusByCode[e.code],
		Detail:    e.message,
		RequestID: requestID,
		TraceID:   traceID,
		Errors:    e.errors,
	}
}

func writeJSON(w http.ResponseWriter, status int, contentType string, body any) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
