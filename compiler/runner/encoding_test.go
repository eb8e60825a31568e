package runner

import (
	"errors"
	"testing"
	"unicode/utf8"
)

func TestURIComponent(t *testing.T) {
	tests := []struct{ plain, encoded string }{
		{"", ""},
		{"Smith & Sons", "Smith%20%26%20Sons"},
		{"Café crème 25% off", "Caf%C3%A9%20cr%C3%A8me%2025%25%20off"},
		{"{{context.x}}", "%7B%7Bcontext.x%7D%7D"},
		{"a+b=c/d?e#f", "a%2Bb%3Dc%2Fd%3Fe%23f"},
		{"-_.!~*'()", "-_.!~*'()"},
		{"line\nbreak\t", "line%0Abreak%09"},
		{"😀", "%F0%9F%98%80"},
	}
	for _, tt := range tests {
		if got := EncodeURIComponent(tt.plain); got != tt.encoded {
			t.Errorf("EncodeURIComponent(%q) = %q, want %q", tt.plain, got, tt.encoded)
		}
		got, err := DecodeURIComponent(tt.encoded)
		if err != nil || got != tt.plain {
			t.Errorf("DecodeURIComponent(%q) = %q, %v, want %q", tt.encoded, got, err, tt.plain)
		}
	}
	// Lower-case hex decodes too; "+" is not a space.
	if got, _ := DecodeURIComponent("%c3%a9+"); got != "é+" {
		t.Errorf("got %q", got)
	}
}

func TestDecodeURIComponentErrors(t *testing.T) {
	for _, s := range []string{"25% off", "%", "%4", "%zz", "%C3", "%FF"} {
		if _, err := DecodeURIComponent(s); !errors.Is(err, errMalformedURI) {
			t.Errorf("DecodeURIComponent(%q): err = %v, want URI malformed", s, err)
		}
	}
}

// Real exports sometimes store text unencoded; such text is shown as it is.
func TestDecodeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"I could not understand that. Can you rephrase?", "I could not understand that. Can you rephrase?"},
		{"Save 25% off now", "Save 25% off now"},
		{"Hello%2C%20world", "Hello, world"},
		{"{{context.x}}/v1", "{{context.x}}/v1"},
	}
	for _, tt := range tests {
		if got := decodeText(tt.in); got != tt.want {
			t.Errorf("decodeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzURIComponentRoundTrip(f *testing.F) {
	for _, s := range []string{"", "Smith & Sons", "Café crème 25% off", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := DecodeURIComponent(EncodeURIComponent(s))
		if err != nil {
			// Only invalid UTF-8 may fail, as it does in JavaScript.
			if utf8.ValidString(s) {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if got != s {
			t.Fatalf("round trip of %q gave %q", s, got)
		}
		_ = decodeText(s) // never panics
	})
}
