package config

import "strings"

// Redact shows enough of a Stripe key to recognise it and no more:
// "sk_test_…1a2b". Anything not shaped like a key is hidden entirely.
func Redact(key string) string {
	parts := strings.SplitN(key, "_", 3)
	if len(parts) != 3 || len(parts[2]) < 8 {
		return "(redacted)"
	}
	return parts[0] + "_" + parts[1] + "_…" + parts[2][len(parts[2])-4:]
}
