package live

import (
	"strings"

	"github.com/xoc-dev/xoc/compiler/secret"
)

// Redact is secret.Redact, kept here because Result documents it.
func Redact(key string) string { return secret.Redact(key) }

func scrub(s, key string) string { return secret.Scrub(s, key) }

// keyKind returns "sk", "rk", "pk" or "" for a key of no known kind.
func keyKind(key string) string {
	for _, kind := range []string{"sk", "rk", "pk"} {
		if strings.HasPrefix(key, kind+"_") {
			return kind
		}
	}
	return ""
}
