package kore

import (
	"bytes"
	"encoding/json"
	"sync"
)

// marshal renders v the way every export file is written: 2-space indent,
// a final newline, and no HTML escaping, so "&", "<" and ">" in texts and
// headers stay as they are instead of becoming \u0026 and friends. Key
// order is the field order of the structs below (maps, where used, are
// sorted by encoding/json), so the output is deterministic.
//
// The bytes are those of a json.Encoder with SetIndent("", "  "), but
// made in two cheap passes instead of two scanning ones: the encoder
// writes compact JSON, and indent lays it out without re-validating it.
func marshal(v any) ([]byte, error) {
	var out []byte
	err := withCompact(v, func(compact []byte) error {
		out = indent(compact)
		return nil
	})
	return out, err
}

// withCompact renders v as compact JSON (no HTML escaping, a final
// newline) and hands it to f. The bytes are only valid during f: the
// buffer is recycled, since a build encodes thousands of files of
// 100 kB and more and the compact form is only an intermediate.
func withCompact(v any, f func(compact []byte) error) error {
	buf := compactBuffers.Get().(*bytes.Buffer)
	defer compactBuffers.Put(buf)
	buf.Reset()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil { // Encode appends the final newline
		return err
	}
	return f(buf.Bytes())
}

var compactBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// indent lays out compact JSON (as json.Encoder writes it, final newline
// included) with a 2-space indent, exactly as json.Indent does. Compact
// JSON holds no whitespace outside strings, so only strings need care.
func indent(src []byte) []byte { return indentAt(src, 0) }

// indentAt is indent for JSON that sits depth levels deep in a document:
// a value nested in it is indented as it would be in the whole.
func indentAt(src []byte, depth int) []byte {
	// Indenting an export makes it about 1.6 times as long.
	return appendIndent(make([]byte, 0, len(src)+len(src)*3/4), src, depth)
}

// appendIndent appends indentAt(src, depth) to dst.
func appendIndent(dst, src []byte, depth int) []byte {
	newline := func() {
		dst = append(dst, '\n')
		for range depth {
			dst = append(dst, ' ', ' ')
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '"':
			// Copy the string through its closing quote: the next quote
			// that an odd number of backslashes does not escape.
			j := i + 1
			for {
				k := bytes.IndexByte(src[j:], '"')
				if k < 0 {
					j = len(src) - 1
					break
				}
				j += k
				backslashes := 0
				for b := j - 1; b > i && src[b] == '\\'; b-- {
					backslashes++
				}
				if backslashes%2 == 0 {
					break
				}
				j++
			}
			dst = append(dst, src[i:j+1]...)
			i = j
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				// An empty object or array stays on one line.
				dst = append(dst, src[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, c, ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
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
// They are a zero-length array and an empty struct, which encoding/json
// renders as [] and {} by itself: a MarshalJSON method would cost a call
// and a validation of its output for each of the hundreds of them in an
// export.
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
