package live

import "testing"

func TestProfileKeyEnvVar(t *testing.T) {
	tests := []struct{ profile, want string }{
		{"stripe", "XOC_TEST_KEY_STRIPE"},
		{"stripe-user", "XOC_TEST_KEY_STRIPE_USER"},
		{"Stripe Auth 2", "XOC_TEST_KEY_STRIPE_AUTH_2"},
	}
	for _, tt := range tests {
		if got := ProfileKeyEnvVar(tt.profile); got != tt.want {
			t.Errorf("ProfileKeyEnvVar(%q) = %q, want %q", tt.profile, got, tt.want)
		}
	}
}
