package runner

import "testing"

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
