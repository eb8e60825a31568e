package report

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// A source file or a message may hold characters that a terminal obeys
// rather than shows: an ESC starts a sequence that can move the cursor,
// retitle the window or rewrite what was printed before. Text output
// shows them as visible escapes instead, so that what a diagnostic prints
// is what the file holds:
//
//   - C0 controls other than newline and tab, a carriage return not
//     followed by a newline, DEL, and bytes that are not UTF-8: \x1b;
//   - C1 controls (U+0080 to U+009F) and the bidirectional embeddings,
//     overrides and isolates (U+202A to U+202E, U+2066 to U+2069), which
//     reorder what a reader sees: \u009b.
//
// Everything else, backslashes included, is shown as it is.

// Escape returns s with every character that would control a terminal
// replaced by a visible escape.
func Escape(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		esc, size := escapeAt(s, i)
		if esc == "" {
			b.WriteString(s[i : i+size])
		} else {
			b.WriteString(esc)
		}
		i += size
	}
	return b.String()
}

// needsEscape reports whether Escape would change s.
func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		esc, size := escapeAt(s, i)
		if esc != "" {
			return true
		}
		i += size
	}
	return false
}

// escapeAt looks at the character at s[i:]: it returns its escape ("" when
// it is shown as it is) and its length in bytes.
func escapeAt(s string, i int) (string, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		switch {
		case c == '\n' || c == '\t':
			return "", 1
		case c == '\r' && i+1 < len(s) && s[i+1] == '\n':
			return "", 1
		case c < 0x20 || c == 0x7f:
			return fmt.Sprintf(`\x%02x`, c), 1
		}
		return "", 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	switch {
	case r == utf8.RuneError && size == 1:
		return fmt.Sprintf(`\x%02x`, c), 1
	case r >= 0x80 && r <= 0x9f,
		r >= 0x202a && r <= 0x202e,
		r >= 0x2066 && r <= 0x2069:
		return fmt.Sprintf(`\u%04x`, r), size
	}
	return "", size
}

// escapedSource is a source file with its escapes applied, and the way
// between its offsets and the original's.
type escapedSource struct {
	bytes []byte
	// For the k-th escaped character: at[k] is its offset in the original,
	// newStart[k] and newEnd[k] the span of its escape in bytes, and
	// grown[k] how many bytes the escapes up to it, itself included,
	// added. Each list is sorted.
	at, newStart, newEnd, grown []int
}

// escapeSource escapes src, or returns nil when it needs no escape.
func escapeSource(src []byte) *escapedSource {
	s := string(src)
	if !needsEscape(s) {
		return nil
	}
	e := &escapedSource{bytes: make([]byte, 0, len(src)+16)}
	total := 0
	for i := 0; i < len(s); {
		esc, size := escapeAt(s, i)
		if esc == "" {
			e.bytes = append(e.bytes, s[i:i+size]...)
		} else {
			e.at = append(e.at, i)
			e.newStart = append(e.newStart, len(e.bytes))
			e.bytes = append(e.bytes, esc...)
			e.newEnd = append(e.newEnd, len(e.bytes))
			total += len(esc) - size
			e.grown = append(e.grown, total)
		}
		i += size
	}
	return e
}

// toNew maps an offset of the original to the escaped bytes: it moves by
// what the escapes before it added.
func (e *escapedSource) toNew(offset int) int {
	k := sort.SearchInts(e.at, offset) // the escapes before offset are 0…k-1
	if k == 0 {
		return offset
	}
	return offset + e.grown[k-1]
}

// toOld maps an offset of the escaped bytes back to the original; an
// offset inside an escape maps to the character it shows.
func (e *escapedSource) toOld(offset int) int {
	k := sort.Search(len(e.newStart), func(k int) bool { return e.newStart[k] > offset })
	switch {
	case k == 0:
		return offset
	case offset < e.newEnd[k-1]:
		return e.at[k-1]
	default:
		return offset - e.grown[k-1]
	}
}

func (e *escapedSource) pos(p hcl.Pos) hcl.Pos {
	moved := e.toNew(p.Byte) - p.Byte
	// Only the byte offset matters to the text writer, which prints line
	// numbers, not columns; the column moves with it all the same.
	return hcl.Pos{Line: p.Line, Column: p.Column + moved, Byte: p.Byte + moved}
}

// escapedNav answers the text writer's "in which block" question for an
// escaped file from the original file's syntax tree.
type escapedNav struct {
	nav any
	src *escapedSource
}

func (n escapedNav) ContextString(offset int) string {
	type contextStringer interface {
		ContextString(offset int) string
	}
	cs, ok := n.nav.(contextStringer)
	if !ok {
		return ""
	}
	return Escape(cs.ContextString(n.src.toOld(offset)))
}

// escapeForText returns files and diagnostics with every terminal control
// in them escaped: the files' bytes, file names, summaries and details.
// Ranges into an escaped file are moved to match its escaped bytes.
func escapeForText(files map[string]*hcl.File, diags hcl.Diagnostics) (map[string]*hcl.File, hcl.Diagnostics) {
	outFiles := make(map[string]*hcl.File, len(files))
	escaped := map[string]*escapedSource{}
	for name, f := range files {
		outName := Escape(name)
		if f == nil || f.Bytes == nil {
			outFiles[outName] = f
			continue
		}
		e := escapeSource(f.Bytes)
		if e == nil {
			outFiles[outName] = f
			continue
		}
		escaped[name] = e
		outFiles[outName] = &hcl.File{Body: f.Body, Bytes: e.bytes, Nav: escapedNav{nav: f.Nav, src: e}}
	}
	moveRange := func(r *hcl.Range) *hcl.Range {
		if r == nil {
			return nil
		}
		out := *r
		out.Filename = Escape(r.Filename)
		if e := escaped[r.Filename]; e != nil {
			out.Start, out.End = e.pos(r.Start), e.pos(r.End)
		}
		return &out
	}
	outDiags := make(hcl.Diagnostics, len(diags))
	for i, d := range diags {
		c := *d
		c.Summary, c.Detail = Escape(d.Summary), Escape(d.Detail)
		c.Subject, c.Context = moveRange(d.Subject), moveRange(d.Context)
		outDiags[i] = &c
	}
	return outFiles, outDiags
}
