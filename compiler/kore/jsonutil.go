package kore

import (
	"bytes"
	"encoding/json"
)

// marshal renders v the way every export file is written: 2-space indent,
// a final newline, and no HTML escaping, so "&", "<" and ">" in texts and
// headers stay as they are instead of becoming \u0026 and friends. Key
// order is the field order of the export's structs (maps, where used,
// are sorted by encoding/json), so the output is deterministic.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil { // Encode appends the final newline
		return nil, err
	}
	return buf.Bytes(), nil
}

// compactJSON renders v on one line without HTML escaping, for JSON that
// the platform stores inside a string (a service node's headers).
func compactJSON(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

// emptyArray and emptyObject always render as [] and {}: the value real
// exports hold for collections and settings a generated bot does not use.
// Their zero values are ready to use, so no field can slip out as null.
type (
	emptyArray  [0]struct{}
	emptyObject struct{}
)

// ptr returns a pointer to v, for optional fields that must be written even
// when they hold a zero value (false, "", 0).
func ptr[T any](v T) *T { return &v }

// orEmpty turns a nil slice into an empty one so that it renders as [].
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
