package secret

import (
	"strings"
	"testing"
)

const canary = "sk_test_CANARY4eC39HqLyjWDarjtT1zdp7"

func TestRedactKeysInText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"no key here", "no key here"},
		{`cannot use "` + canary + `" as year`, `cannot use "sk_test_…zdp7" as year`},
		{"a=" + canary + ",b=rk_live_x1", "a=sk_test_…zdp7,b=rk_live_…"},
		{"token_" + canary, "token_sk_test_…zdp7"},
		// A word that merely contains the shape is no key.
		{"disk_test_results", "disk_test_results"},
		{"pk_test_FAKEfakeFAKEfake0000I7jx", "pk_test_…I7jx"},
	}
	for _, tt := range tests {
		if got := RedactKeysInText(tt.in); got != tt.want {
			t.Errorf("RedactKeysInText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskKeys(t *testing.T) {
	src := []byte("a = \"" + canary + "\"\nb = \"sk_live_short\" # disk_test_x\n")
	got := MaskKeys(src)
	want := "a = \"sk_test_" + strings.Repeat("*", len(canary)-len("sk_test_")-4) + "zdp7\"\n" +
		"b = \"sk_live_*****\" # disk_test_x\n"
	if string(got) != want {
		t.Errorf("MaskKeys =\n%s\nwant\n%s", got, want)
	}
	if len(got) != len(src) {
		t.Errorf("the length changed: %d, was %d", len(got), len(src))
	}
	if !strings.Contains(string(src), canary) {
		t.Error("MaskKeys changed its argument")
	}
	plain := []byte("nothing to mask")
	if out := MaskKeys(plain); &out[0] != &plain[0] {
		t.Error("a text without a key should come back as it is, not copied")
	}
}

func TestMaskKeepsLines(t *testing.T) {
	src := []byte("x = <<EOT\nsecret é\r\nEOT\n")
	Mask(src, 4, len(src)-1)
	if want := "x = *****\n*********\r\n***\n"; string(src) != want {
		t.Errorf("Mask = %q, want %q", src, want)
	}
	Mask(src, -3, 1000) // out of range: clamped, no panic
}
