package kore

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The fast path of EncodeURIComponent must give what the straightforward
// version below gives.

func referenceEncodeURIComponent(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		if isUnreserved(c) {
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		var buf [utf8.UTFMax]byte
		n := utf8.EncodeRune(buf[:], r)
		for _, x := range buf[:n] {
			b.WriteByte('%')
			b.WriteByte(hex[x>>4])
			b.WriteByte(hex[x&15])
		}
		i += size
	}
	return b.String()
}

func FuzzEncodeURIComponent(f *testing.F) {
	for _, s := range []string{"", "plain", "Smith & Sons", "Café crème 25% off", "\xff\xfe", "\ufffd", "\xed\xa0\x80", "{{env.x}}\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := EncodeURIComponent(s), referenceEncodeURIComponent(s); got != want {
			t.Errorf("EncodeURIComponent(%q) = %q, want %q", s, got, want)
		}
	})
}
