package runner

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// The platform stores message texts, scripts and most payloads the way
// JavaScript's encodeURIComponent leaves them. These helpers are the Go
// equivalents of the two JavaScript functions, so that a text survives the
// round trip byte for byte.

// uriComponentSafe reports whether encodeURIComponent leaves b as it is:
// A–Z a–z 0–9 - _ . ! ~ * ' ( ).
func uriComponentSafe(b byte) bool {
	switch {
	case 'A' <= b && b <= 'Z', 'a' <= b && b <= 'z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("-_.!~*'()", b) >= 0
}

// EncodeURIComponent encodes s as JavaScript's encodeURIComponent does: every
// byte of its UTF-8 form outside the safe set becomes %XX (upper-case hex).
// Invalid UTF-8 is encoded byte by byte rather than rejected.
func EncodeURIComponent(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if uriComponentSafe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0xf])
	}
	return b.String()
}

// errMalformedURI mirrors JavaScript's "URIError: URI malformed".
var errMalformedURI = errors.New("URI malformed")

// DecodeURIComponent decodes s as JavaScript's decodeURIComponent does: every
// %XX becomes the byte XX and the result must be valid UTF-8. Unlike
// url.QueryUnescape, "+" stays "+". A "%" not followed by two hex digits, or
// escapes that do not form UTF-8, are an error, as they are in JavaScript.
func DecodeURIComponent(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 {
		return s, nil
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			out = append(out, c)
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return "", fmt.Errorf("%w: bad escape at byte %d", errMalformedURI, i)
		}
		out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
		i += 2
	}
	if !utf8.Valid(out) {
		return "", fmt.Errorf("%w: escapes do not form UTF-8", errMalformedURI)
	}
	return string(out), nil
}

// decodeText decodes a stored text field. Some real exports keep a text
// field unencoded ("I could not understand that."), and such a text may hold
// a "%" that is no escape ("25% off"); the platform shows those as they are,
// so a text that does not decode is taken literally.
func decodeText(s string) string {
	d, err := DecodeURIComponent(s)
	if err != nil {
		return s
	}
	return d
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
