package kore

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// EncodeURIComponent escapes s exactly like JavaScript's encodeURIComponent:
// every byte of the UTF-8 encoding is written as %XX (upper-case hex) except
// A–Z a–z 0–9 and - _ . ! ~ * ' ( ). The platform stores message texts,
// prompts, scripts and payloads this way and decodes them at run time.
//
// JavaScript throws on a lone surrogate; Go strings cannot hold one, but
// they can hold invalid UTF-8, which is encoded as U+FFFD (what a Go→JS
// round trip of such a string yields) rather than failing.
func EncodeURIComponent(s string) string {
	const hex = "0123456789ABCDEF"
	// An export encodes thousands of texts: size the result in one pass,
	// and return s itself when it needs no escape.
	escapes := 0
	for i := 0; i < len(s); i++ {
		if !unreserved[s[i]] {
			escapes++
		}
	}
	if escapes == 0 {
		return s
	}
	b := make([]byte, 0, len(s)+2*escapes)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case unreserved[c]:
			b = append(b, c)
			i++
		case c < utf8.RuneSelf:
			b = append(b, '%', hex[c>>4], hex[c&15])
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			seq := s[i : i+size]
			if r == utf8.RuneError && size == 1 {
				seq = "\uFFFD" // an invalid byte
			}
			for j := 0; j < len(seq); j++ {
				b = append(b, '%', hex[seq[j]>>4], hex[seq[j]&15])
			}
			i += size
		}
	}
	return string(b)
}

// unreserved marks the bytes EncodeURIComponent leaves as they are.
var unreserved = func() (t [256]bool) {
	for c := range 256 {
		t[c] = isUnreserved(byte(c))
	}
	return t
}()

func isUnreserved(c byte) bool {
	switch {
	case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-_.!~*'()", c) >= 0
}

// errMalformedURI matches JavaScript's URIError for decodeURIComponent.
var errMalformedURI = errors.New("URI malformed")

// DecodeURIComponent reverses EncodeURIComponent like JavaScript's
// decodeURIComponent: it fails on a malformed escape or on escapes that do
// not form valid UTF-8.
func DecodeURIComponent(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	var pending []byte // escaped bytes of the current UTF-8 sequence
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		if !utf8.Valid(pending) {
			return errMalformedURI
		}
		b.Write(pending)
		pending = pending[:0]
		return nil
	}
	for i := 0; i < len(s); {
		if s[i] != '%' {
			if err := flush(); err != nil {
				return "", err
			}
			b.WriteByte(s[i])
			i++
			continue
		}
		if i+2 >= len(s) {
			return "", errMalformedURI
		}
		hi, ok1 := unhex(s[i+1])
		lo, ok2 := unhex(s[i+2])
		if !ok1 || !ok2 {
			return "", errMalformedURI
		}
		pending = append(pending, hi<<4|lo)
		i += 3
	}
	if err := flush(); err != nil {
		return "", err
	}
	return b.String(), nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
