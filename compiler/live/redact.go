package live

import (
	"strings"

	"github.com/xoc-dev/xoc/compiler/secret"
)

// scrub replaces key in a message by its redacted form. Messages are
// written here rather than copied from servers, so this is a second line
// of defence: a URL or network error that somehow carries the key must
// still not print it.
func scrub(message, key string) string {
	scrubber := secret.NewScrubber()
	scrubber.Add(key, secret.Redact(key))
	return scrubber.Scrub(message)
}

// keyKind returns "sk", "rk", "pk" or "" for a key of no known kind.
func keyKind(key string) string {
	for _, kind := range []string{"sk", "rk", "pk"} {
		if strings.HasPrefix(key, kind+"_") {
			return kind
		}
	}
	return ""
}
