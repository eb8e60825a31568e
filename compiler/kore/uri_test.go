package kore

import (
	"testing"
	"unicode/utf8"
)

// The expected values are what JavaScript's encodeURIComponent returns.
func TestEncodeURIComponent(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"Smith & Sons", "Smith%20%26%20Sons"},
		{"Café crème 25% off", "Caf%C3%A9%20cr%C3%A8me%2025%25%20off"},
		{"🎉 done", "%F0%9F%8E%89%20done"},
		{"line one\nline two\r\n", "line%20one%0Aline%20two%0D%0A"},
		{"-_.!~*'()", "-_.!~*'()"},                           // the unreserved marks stay
		{"AZaz09", "AZaz09"},                                 // letters and digits stay
		{"#$&+,/:;=?@", "%23%24%26%2B%2C%2F%3A%3B%3D%3F%40"}, // reserved characters go
		{`"<>[\]^{|}` + "`", "%22%3C%3E%5B%5C%5D%5E%7B%7C%7D%60"},
		{"{{context.entities.email}}", "%7B%7Bcontext.entities.email%7D%7D"},
		{"tab\there", "tab%09here"},
		{"\x00\x7f", "%00%7F"},
		{"\u00a0\u2028", "%C2%A0%E2%80%A8"},
		{"invalid \xff byte", "invalid%20%EF%BF%BD%20byte"}, // invalid UTF-8 → U+FFFD
	}
	for _, tt := range tests {
		if got := EncodeURIComponent(tt.in); got != tt.want {
			t.Errorf("EncodeURIComponent(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDecodeURIComponent(t *testing.T) {
	for _, s := range []string{"", "Smith & Sons", "Café crème 25% off", "🎉\n", "-_.!~*'()", "%%%"} {
		got, err := DecodeURIComponent(EncodeURIComponent(s))
		if err != nil || got != s {
			t.Errorf("round trip of %q = %q, %v", s, got, err)
		}
	}
	// Real exports store untouched default texts plain; they decode as is.
	if got, err := DecodeURIComponent("I'm sorry, please enter again."); err != nil || got != "I'm sorry, please enter again." {
		t.Errorf("plain text: %q, %v", got, err)
	}
	if got, err := DecodeURIComponent("%e2%82%ac"); err != nil || got != "€" {
		t.Errorf("lower-case hex: %q, %v", got, err)
	}
	for _, bad := range []string{"%", "%4", "%zz", "25% off", "%C3", "%C3A", "%FF", "%ED%A0%80"} {
		if got, err := DecodeURIComponent(bad); err == nil {
			t.Errorf("DecodeURIComponent(%q) = %q, want an error (JavaScript throws URIError)", bad, got)
		}
	}
}

func FuzzURIComponentRoundTrip(f *testing.F) {
	for _, s := range []string{"Smith & Sons", "Café 25%", "🎉\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc := EncodeURIComponent(s)
		for i := 0; i < len(enc); i++ {
			if enc[i] >= utf8.RuneSelf || !(isUnreserved(enc[i]) || enc[i] == '%' || isHex(enc[i])) {
				t.Fatalf("encoded %q has %q", s, enc[i])
			}
		}
		dec, err := DecodeURIComponent(enc)
		if err != nil {
			t.Fatal(err)
		}
		if utf8.ValidString(s) && dec != s {
			t.Fatalf("round trip of %q gave %q", s, dec)
		}
	})
}

func isHex(c byte) bool { _, ok := unhex(c); return ok }
