package kore

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/uuid"
)

// The fast paths of nameUUID and EncodeURIComponent must give what the
// straightforward versions below give.

func TestNameUUIDMatchesUUIDPackage(t *testing.T) {
	for _, parts := range [][]string{
		{"bot", "payments_assistant"},
		{"component", "payments_assistant", "create_invoice", "createInvoiceService"},
		{"sentence", "x", "y", strings.Repeat("a long utterance ", 40)},
		{"kind"},
	} {
		want := uuid.NewSHA1(idNamespace, []byte(strings.Join(parts, "\x00")))
		if got := nameUUID(parts[0], parts[1:]...); got != want {
			t.Errorf("nameUUID(%q) = %s, want %s", parts, got, want)
		}
	}
}

func TestAppendIDMatchesUUIDString(t *testing.T) {
	for i := range 100 {
		u := uuid.NewSHA1(idNamespace, []byte{byte(i)})
		if got := string(appendUUID([]byte("x"), u)); got != "x"+u.String() {
			t.Errorf("appendUUID = %s, want x%s", got, u)
		}
	}
	x := ids{label: "payments_assistant"}
	for _, c := range []struct {
		r    idRef
		want string
	}{
		{idRef{kind: dialogIDKind, key: "k"}, dialogIDPrefix + nameUUID("dialog", x.label, "k").String()},
		{idRef{kind: dialogRefKind, key: "k"}, nameUUID("dialog-ref", x.label, "k").String()},
		{idRef{kind: componentIDKind, key: "k", name: "n"}, componentIDPrefix + nameUUID("component", x.label, "k", "n").String()},
		{idRef{kind: componentRefKind, key: "k", name: "n"}, nameUUID("component-ref", x.label, "k", "n").String()},
		{idRef{kind: sentenceIDKind, key: "k", name: "add a customer"}, func() string {
			u := nameUUID("sentence", x.label, "k", "add a customer")
			return fmt.Sprintf("%x", u[:12])
		}()},
	} {
		if got := x.derive(c.r); got != c.want {
			t.Errorf("derive(%+v) = %s, want %s", c.r, got, c.want)
		}
	}
}

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
