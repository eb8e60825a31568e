package secret

import (
	"sort"
	"strconv"
	"strings"
	"sync"
)

// MinBareLength is the shortest value a [Scrubber] replaces where it
// appears without quotes. Replacing a shorter string everywhere would
// mangle ordinary words and numbers of the text ("id", "200", every "a"
// of a transcript) without protecting anything: a value of one to three
// bytes is guessed faster than it is hidden.
//
// Four is the minimum that live checks and review pages already used, so
// they scrub as before. Diagnostics used six, for fear of garbling words;
// they now also lose a four- or five-byte secret, which is the safer
// mistake. The runner replaced values of any length; its values are
// secured env values and end-user keys, in practice API keys far longer
// than four bytes, and a shorter one is still replaced where it is quoted.
const MinBareLength = 4

// A Scrubber replaces secret values in text by a safe replacement: the
// second line of defence for text that xoc did not write itself (a
// server's error, an hcl diagnostic quoting an argument, a body an
// --embed-secrets build filled in).
//
// A value is replaced in three forms:
//
//   - Go-quoted, as strconv.Quote writes it, whatever its length: the
//     quotes make even a short value unambiguous. The quotes go with it,
//     as diagnostics have always shown a redacted key: cannot convert
//     sk_test_… to number.
//   - Escaped as inside a Go-quoted string (which for '"' and '\' is also
//     how JSON escapes them), if the value is at least MinBareLength long.
//   - As it is, if it is at least MinBareLength long.
//
// The text is read once, from the left. At any position the longest form
// that matches is replaced, so a value that contains another is replaced
// whole; of forms of equal length, the one added first wins. Where two
// values overlap without one containing the other, the one that starts
// first is replaced. Replacement text is never scanned again.
//
// The zero value is an empty Scrubber ready to use. A Scrubber is safe for
// concurrent use.
type Scrubber struct {
	mu       sync.Mutex
	secrets  []scrubbed
	replacer *strings.Replacer // built by Scrub, dropped by Add
}

// scrubbed is one value and what it becomes.
type scrubbed struct {
	value, replacement string
}

// NewScrubber returns an empty Scrubber.
func NewScrubber() *Scrubber { return &Scrubber{} }

// Add registers value, to be replaced by replacement. An empty value is
// ignored (it occurs everywhere), and so is a value added before: the
// first replacement given for it stays.
func (s *Scrubber) Add(value, replacement string) {
	if value == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, have := range s.secrets {
		if have.value == value {
			return
		}
	}
	s.secrets = append(s.secrets, scrubbed{value, replacement})
	s.replacer = nil
}

// Scrub returns text with every registered value replaced.
func (s *Scrubber) Scrub(text string) string {
	s.mu.Lock()
	r := s.replacer
	if r == nil && len(s.secrets) > 0 {
		r = s.buildReplacer()
		s.replacer = r
	}
	s.mu.Unlock()
	if r == nil {
		return text
	}
	return r.Replace(text)
}

// buildReplacer turns the values into one strings.Replacer, which replaces
// every form in a single pass. The Replacer prefers, at one position, the
// pair given first, so the forms are given longest first.
func (s *Scrubber) buildReplacer() *strings.Replacer {
	type form struct{ old, new string }
	var forms []form
	for _, x := range s.secrets {
		quoted := strconv.Quote(x.value)
		forms = append(forms, form{quoted, x.replacement})
		if len(x.value) < MinBareLength {
			continue
		}
		if escaped := quoted[1 : len(quoted)-1]; escaped != x.value {
			forms = append(forms, form{escaped, x.replacement})
		}
		forms = append(forms, form{x.value, x.replacement})
	}
	sort.SliceStable(forms, func(i, j int) bool { return len(forms[i].old) > len(forms[j].old) })
	pairs := make([]string, 0, 2*len(forms))
	for _, f := range forms {
		pairs = append(pairs, f.old, f.new)
	}
	return strings.NewReplacer(pairs...)
}
