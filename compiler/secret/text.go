package secret

import (
	"bytes"
	"regexp"
	"strings"
)

// keyCandidate is a Stripe key's shape without its left edge: a key
// starts where no letter or digit comes before it (see keysIn), which
// Go's regexp, without look-behind, cannot say. Publishable keys are
// included: they are not secret, but showing them is never needed.
var keyCandidate = regexp.MustCompile(`(sk|rk|pk)_(test|live)_[A-Za-z0-9]+`)

// keysIn returns the byte ranges of the Stripe keys in text. A match that
// continues a word ("disk_test_results") is no key; one after an
// underscore or punctuation ("token_sk_test_…", "=sk_test_…") is.
func keysIn(text []byte) [][]int {
	if !bytes.Contains(text, []byte("k_test_")) && !bytes.Contains(text, []byte("k_live_")) {
		return nil // the common case, without the regexp
	}
	var out [][]int
	for _, m := range keyCandidate.FindAllIndex(text, -1) {
		if m[0] > 0 && isASCIIAlnumByte(text[m[0]-1]) {
			continue
		}
		out = append(out, m)
	}
	return out
}

func isASCIIAlnumByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// RedactKeysInText returns text with every Stripe key in it replaced by
// its Redact form: the last line of defence for a message, whatever wrote
// it, so that no message of xoc shows a whole key.
func RedactKeysInText(text string) string {
	keys := keysIn([]byte(text))
	if keys == nil {
		return text
	}
	var b strings.Builder
	last := 0
	for _, m := range keys {
		b.WriteString(text[last:m[0]])
		b.WriteString(Redact(text[m[0]:m[1]]))
		last = m[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

// MaskByte is what a masked byte of source text becomes.
const MaskByte = '*'

// MaskKeys returns src with the secret part of every Stripe key in it
// masked byte for byte (see [Mask]), except the last four characters
// where Redact would show them: sk_test_****…1a2b. src is not changed;
// the result is src itself when it holds no key.
//
// It is meant for source text shown under a diagnostic: a diagnostic
// points at byte offsets, and a replacement of the same length keeps
// every offset, line and column of the file right.
func MaskKeys(src []byte) []byte {
	keys := keysIn(src)
	if keys == nil {
		return src
	}
	out := bytes.Clone(src)
	for _, m := range keys {
		prefix, rest, _ := Split(string(src[m[0]:m[1]]))
		start, end := m[0]+len(prefix), m[1]
		if len(rest) >= minTailSecret {
			end -= 4 // as Redact shows the tail (the match is letters and digits)
		}
		Mask(out, start, end)
	}
	return out
}

// Mask replaces the bytes of src[start:end] in place with MaskByte, except
// line breaks, so that the text keeps its lines. Every byte of a
// multi-byte character becomes a MaskByte of its own: the mask keeps byte
// offsets, which is what diagnostics point with.
func Mask(src []byte, start, end int) {
	start, end = max(start, 0), min(end, len(src))
	for i := start; i < end; i++ {
		if src[i] != '\n' && src[i] != '\r' {
			src[i] = MaskByte
		}
	}
}
