package secret

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// added is one call of Scrubber.Add.
type added struct{ value, replacement string }

func newScrubberOf(secrets ...added) *Scrubber {
	s := NewScrubber()
	for _, x := range secrets {
		s.Add(x.value, x.replacement)
	}
	return s
}

func TestScrubber(t *testing.T) {
	key := "sk_test_FAKEfakeFAKEfake00001a2b"
	tests := []struct {
		name    string
		secrets []added
		in      string
		want    string
	}{
		{
			name:    "a key in a URL of a Go error",
			secrets: []added{{key, Redact(key)}},
			in:      `Get "http://x/?k=` + key + `": boom`,
			want:    `Get "http://x/?k=sk_test_…1a2b": boom`,
		},
		{
			name:    "every occurrence",
			secrets: []added{{"hunter22", "X"}},
			in:      "hunter22 and hunter22hunter22",
			want:    "X and XX",
		},
		{
			name: "a value containing another is replaced whole, whatever the order of Add",
			secrets: []added{
				{"FAKEfake", "(inner)"},
				{"sk_test_FAKE", "(prefix)"},
				{"sk_test_FAKEfake", "(long)"},
			},
			in:   "sk_test_FAKEfake, then FAKEfake and sk_test_FAKE alone",
			want: "(long), then (inner) and (prefix) alone",
		},
		{
			name:    "a short value in quotes, quotes and all",
			secrets: []added{{"ab", "[redacted]"}},
			in:      `cannot convert "ab" to number`,
			want:    `cannot convert [redacted] to number`,
		},
		{
			name:    "a short value without quotes is left alone",
			secrets: []added{{"ab", "[redacted]"}, {"xyz", "[redacted]"}},
			in:      "a table about xyzzy, and 'ab'",
			want:    "a table about xyzzy, and 'ab'",
		},
		{
			name:    "the shortest bare value replaced",
			secrets: []added{{strings.Repeat("z", MinBareLength), "Z"}},
			in:      strings.Repeat("z", MinBareLength-1) + " " + strings.Repeat("z", MinBareLength),
			want:    strings.Repeat("z", MinBareLength-1) + " Z",
		},
		{
			name:    "a quoted long value, quotes and all",
			secrets: []added{{"hunter22", "X"}},
			in:      `"hunter22"`,
			want:    `X`,
		},
		{
			name:    "an empty value is ignored",
			secrets: []added{{"", "X"}},
			in:      `text "" stays`,
			want:    `text "" stays`,
		},
		{
			name:    "no value at all",
			secrets: nil,
			in:      "text stays",
			want:    "text stays",
		},
		{
			name:    "regexp and replacement syntax is taken literally",
			secrets: []added{{`a.b*c+(d)?[e]{2}|^$1\`, `$1 ${0} \1`}},
			in:      `x a.b*c+(d)?[e]{2}|^$1\ y axbbbc+(d)?[e]{2}|^$1\`,
			want:    `x $1 ${0} \1 y axbbbc+(d)?[e]{2}|^$1\`,
		},
		{
			name:    "a value escaped inside a quoted string",
			secrets: []added{{`pa"ss\word`, "X"}},
			in:      `invalid value "https://pa\"ss\\word@host"`,
			want:    `invalid value "https://X@host"`,
		},
		{
			name:    "the first replacement added for a value stays",
			secrets: []added{{"hunter22", "first"}, {"hunter22", "second"}},
			in:      "hunter22",
			want:    "first",
		},
		{
			name:    "replacement text is not scanned again",
			secrets: []added{{"hunter22", "[redacted]"}, {"redacted", "NO"}},
			in:      "hunter22 redacted",
			want:    "[redacted] NO",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newScrubberOf(tt.secrets...).Scrub(tt.in); got != tt.want {
				t.Errorf("Scrub(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestScrubberLeavesNoSecret places values where a message or a body may
// carry them and checks that the value is left neither as it is nor
// escaped once (as Go's %q and encoding/json escape it). Forms the
// Scrubber does not know, such as percent-encoding or a JSON string
// escaped twice, are not claimed.
func TestScrubberLeavesNoSecret(t *testing.T) {
	values := []string{
		"sk_test_FAKEfakeFAKEfake00001a2b",
		`sk_test_"quoted"\key` + strings.Repeat("q", 20),
		"tok/with+url=chars",
		"wxyz",
	}
	contexts := []struct {
		name  string
		place func(v string) string
	}{
		{"bare", func(v string) string { return "the key is " + v + "." }},
		{"Go-quoted", func(v string) string { return fmt.Sprintf("cannot convert %q to number", v) }},
		{"JSON string", func(v string) string { return jsonString(t, map[string]string{"key": v}) }},
		{"URL query", func(v string) string { return "https://api.example.com/v1/x?key=" + v + "&limit=1" }},
		{"URL user", func(v string) string { return "https://" + v + "@api.example.com/" }},
		{"quoted URL", func(v string) string { return fmt.Sprintf("Get %q: dial tcp: refused", "https://h/?k="+v) }},
		{"URL in JSON", func(v string) string { return jsonString(t, map[string]string{"url": "https://h/?k=" + v}) }},
	}
	for _, v := range values {
		s := NewScrubber()
		s.Add(v, "[redacted]")
		forms := []string{v, strings.Trim(fmt.Sprintf("%q", v), `"`), strings.Trim(jsonString(t, v), `"`)}
		for _, c := range contexts {
			in := c.place(v)
			got := s.Scrub(in)
			if !strings.Contains(got, "[redacted]") {
				t.Errorf("%s: Scrub(%q) = %q, which names no redacted value", c.name, in, got)
			}
			for _, form := range forms {
				if strings.Contains(got, form) {
					t.Errorf("%s: Scrub(%q) = %q still holds %q", c.name, in, got, form)
				}
			}
		}
	}
}

// jsonString is v as encoding/json writes it.
func jsonString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestScrubberAddAfterScrub(t *testing.T) {
	var s Scrubber // the zero value is ready to use
	if got := s.Scrub("hunter22 swordfish"); got != "hunter22 swordfish" {
		t.Errorf("empty Scrubber changed the text: %q", got)
	}
	s.Add("hunter22", "X")
	if got := s.Scrub("hunter22 swordfish"); got != "X swordfish" {
		t.Errorf("after one Add: %q", got)
	}
	s.Add("swordfish", "Y")
	if got := s.Scrub("hunter22 swordfish"); got != "X Y" {
		t.Errorf("after a second Add: %q", got)
	}
}

func TestScrubberConcurrentUse(t *testing.T) {
	s := NewScrubber()
	s.Add("hunter22", "X")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := s.Scrub("a hunter22"); got != "a X" {
				t.Errorf("Scrub = %q", got)
			}
		}()
	}
	wg.Wait()
}
