package secret

import "testing"

func TestRedact(t *testing.T) {
	tests := []struct {
		key, want string
	}{
		{"sk_test_FAKEfakeFAKEfake00001a2b", "sk_test_…1a2b"},
		{"rk_live_FAKEfakeFAKEfake00009z8y", "rk_live_…9z8y"},
		{"pk_test_FAKEfakeFAKEfake0000I7jx", "pk_test_…I7jx"},
		// Too short to show a tail without showing most of the secret.
		{"sk_test_123", "sk_test_…"},
		{"sk_test_", "sk_test_…"},
		// Unknown shapes show nothing.
		{"", "[redacted]"},
		{"sk_", "[redacted]"},
		{"hunter2", "[redacted]"},
		{"sk_prod_FAKEfakeFAKEfake0000", "[redacted]"},
		{"xx_test_FAKEfakeFAKEfake0000", "[redacted]"},
		// A tail that is not plain letters and digits is not shown.
		{"sk_test_FAKEfakeFAKEfake0000_ab", "sk_test_…"},
		{"sk_test_FAKEfakeFAKEfake0000é", "sk_test_…"},
	}
	for _, tt := range tests {
		if got := Redact(tt.key); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}
