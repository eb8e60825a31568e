// Package secret renders Stripe keys safely: everywhere xoc must name a
// key (a diagnostic, a check result) it shows Redact's form, never the key.
// Text that xoc did not write itself goes through a [Scrubber], which
// replaces any secret value that still appears in it, and through
// [RedactKeysInText], which redacts anything shaped like a Stripe key.
// Source text shown under a diagnostic is masked byte for byte ([MaskKeys],
// [Mask]), so that the diagnostic's offsets still point right.
package secret

import (
	"strings"
	"unicode"
)

// redactedFully is what a key that does not look like a Stripe key becomes:
// for an unknown shape there is no part that is safe to show.
const redactedFully = "[redacted]"

// minTailSecret is how long the secret part of a key (after the second
// underscore) must be before its last four characters may be shown. Real
// Stripe keys carry about a hundred; showing four of a short test key
// such as "sk_test_123" would show most of it.
const minTailSecret = 16

// Redact returns a form of a Stripe API key that is safe to print: the
// prefix up to the second underscore, an ellipsis and the last four
// characters, e.g. "sk_test_…1a2b". Only the recognised prefixes
// (sk, rk, pk with test or live) are shown; a short secret part shows no
// tail ("sk_test_…"), and anything else is redacted fully.
func Redact(key string) string {
	prefix, secret, ok := Split(key)
	if !ok {
		return redactedFully
	}
	if len(secret) < minTailSecret || !isASCIIAlnum(secret) {
		return prefix + "…"
	}
	return prefix + "…" + secret[len(secret)-4:]
}

// Split splits a key into its "sk_test_" style prefix and the secret
// remainder, reporting whether the prefix is one Stripe issues.
func Split(key string) (prefix, secret string, ok bool) {
	kind, rest, found := strings.Cut(key, "_")
	if !found {
		return "", "", false
	}
	mode, secret, found := strings.Cut(rest, "_")
	if !found {
		return "", "", false
	}
	switch kind {
	case "sk", "rk", "pk":
	default:
		return "", "", false
	}
	switch mode {
	case "test", "live":
	default:
		return "", "", false
	}
	return kind + "_" + mode + "_", secret, true
}

func isASCIIAlnum(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}
