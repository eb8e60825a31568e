package review

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file renders IR text as GitHub-flavoured Markdown that shows the
// text itself: a prompt such as "Enter *one* <id>" must not turn into
// emphasis and an HTML tag, and a {{…}} template should stand out from the
// words around it. Escaping is as light as correctness allows, because
// reviewers also read the page as a raw diff.

// text renders s as inline Markdown that displays as s on one line, with
// its {{…}} templates as code spans. Line breaks become <br>, which works
// in paragraphs, list items and table cells alike.
func text(s string) string { return inline(s, false) }

// cell is text for a table cell: the same, except that a "|" inside a code
// span must be escaped too, or GitHub splits the cell there.
func cell(s string) string { return inline(s, true) }

// inline is text, or cell when inCell, written line by line: "\r\n", "\r"
// and "\n" each end a line. It walks s in place rather than split it,
// since most texts have a single line.
func inline(s string, inCell bool) string {
	var b strings.Builder
	b.Grow(len(s) + 8) // room for a few escapes or a code span's fences
	for first := true; ; first = false {
		if !first {
			b.WriteString("<br>")
		}
		end := strings.IndexAny(s, "\r\n")
		if end < 0 {
			writeLine(&b, s, inCell)
			return b.String()
		}
		writeLine(&b, s[:end], inCell)
		if strings.HasPrefix(s[end:], "\r\n") {
			end++
		}
		s = s[end+1:]
	}
}

// writeLine writes one line of text, alternating literal runs and
// templates.
func writeLine(b *strings.Builder, line string, inCell bool) {
	atStart := true
	for line != "" {
		open := strings.Index(line, "{{")
		if open < 0 {
			writeLiteral(b, line, atStart)
			return
		}
		end := strings.Index(line[open+2:], "}}")
		if end < 0 {
			writeLiteral(b, line, atStart)
			return
		}
		end += open + 4
		if open > 0 {
			writeLiteral(b, line[:open], atStart)
		}
		writeCodeSpan(b, line[open:end], inCell)
		atStart = false
		line = line[end:]
	}
}

// writeLiteral backslash-escapes what Markdown would otherwise interpret.
// atStart says whether the run begins a line, where "#", ">", "-", "+",
// "=" and "1." start blocks. Runs that need nothing are copied whole.
func writeLiteral(b *strings.Builder, s string, atStart bool) {
	if atStart {
		// Leading blanks would be dropped, or make an indented code block.
		for s != "" && (s[0] == ' ' || s[0] == '\t') {
			b.WriteString("&#32;")
			s = s[1:]
		}
		if s != "" {
			switch s[0] {
			case '#', '>', '-', '+', '=':
				b.WriteByte('\\')
			}
			// "1. " or "1) " would start an ordered list.
			digits := 0
			for digits < len(s) && digits < 10 && s[digits] >= '0' && s[digits] <= '9' {
				digits++
			}
			if digits > 0 && digits < len(s) && (s[digits] == '.' || s[digits] == ')') {
				b.WriteString(s[:digits])
				b.WriteByte('\\')
				s = s[digits:]
			}
		}
	}
	done := 0   // s[:done] is written
	prev := ' ' // the rune before s[i]; none counts as a blank
	for i := 0; i < len(s); {
		if c := s[i]; isASCIIWord(c) || c == ' ' {
			// Letters, digits and spaces, most of any text, need nothing.
			prev = rune(c)
			i++
			continue
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		// A backslash goes before the rune, or replace (when not "")
		// stands for it.
		backslash, replace := false, ""
		switch {
		case r == '\\', r == '`', r == '*', r == '[', r == ']', r == '<', r == '|', r == '~', r == '$':
			backslash = true
		case r == '_':
			// GitHub ignores an underscore inside a word (stripe_base_url);
			// only one at a word's edge can open or close emphasis.
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			backslash = !isWordRune(prev) || !isWordRune(next)
		case r == '&':
			// Only "&name;" or "&#123;" would be read as an entity.
			backslash = looksLikeEntity(s[i+1:])
		case r == '\t':
			replace = " "
		case r == utf8.RuneError && size == 1, !unicode.IsPrint(r) && r != ' ':
			// A byte that is not UTF-8 reads as U+FFFD too.
			replace = "\uFFFD"
		}
		switch {
		case backslash:
			b.WriteString(s[done:i])
			b.WriteByte('\\')
			done = i
		case replace != "":
			b.WriteString(s[done:i])
			b.WriteString(replace)
			done = i + size
		}
		prev = r
		i += size
	}
	b.WriteString(s[done:])
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// looksLikeEntity reports whether rest, what follows a "&", makes it an
// entity: a name or a "#" and a number, ASCII only, then ";".
func looksLikeEntity(rest string) bool {
	i := 0
	if i < len(rest) && rest[i] == '#' {
		i++
	}
	start := i
	for i < len(rest) && i < 40 && isASCIIWord(rest[i]) {
		i++
	}
	return i > start && i < len(rest) && rest[i] == ';'
}

func isASCIIWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// lineBreaks turns every kind of line break into a space.
var lineBreaks = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ")

// writeCodeSpan writes s verbatim as a code span, with a fence longer than
// any backtick run inside. Line breaks become spaces, as CommonMark would
// show them anyway.
func writeCodeSpan(b *strings.Builder, s string, inCell bool) {
	if strings.ContainsAny(s, "\r\n") { // the Replacer allocates even when it finds nothing
		s = lineBreaks.Replace(s)
	}
	if inCell {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") ||
		(len(s) > 1 && s[0] == ' ' && s[len(s)-1] == ' ' && strings.TrimSpace(s) != "") {
		pad = " "
	}
	b.WriteString(fence)
	b.WriteString(pad)
	b.WriteString(s)
	b.WriteString(pad)
	b.WriteString(fence)
}

// code is a code span for running text; cellCode one for a table cell. An
// empty value shows as "(empty)", since an empty code span cannot be
// written.
func code(s string) string { return codeSpan(s, false) }

func cellCode(s string) string { return codeSpan(s, true) }

func codeSpan(s string, inCell bool) string {
	if s == "" {
		return "*(empty)*"
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	writeCodeSpan(&b, s, inCell)
	return b.String()
}

// longestRun is the length of the longest run of c, an ASCII byte, in s.
func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// fenced writes body as a block, fenced as code with a fence that no line
// of the body can close. The body goes straight into the page.
func (p *page) fenced(lang, body string) {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	fence := "```"
	if n := longestRun(body, '`') + 1; n > 3 {
		fence = strings.Repeat("`", n)
	}
	p.block(fence + lang)
	p.WriteString(body)
	if !strings.HasSuffix(body, "\n") {
		p.WriteByte('\n')
	}
	writeAll(p, fence, "\n")
}

// fenced is the block p.fenced writes, as a string.
func fenced(lang, body string) string {
	var p page
	p.fenced(lang, body)
	return p.String()
}

// slugger computes the anchors GitHub gives headings, so that the page can
// link to its own sections: lower case, everything but word characters,
// "-" and spaces dropped, spaces turned into "-", and "-1", "-2", … added
// to a repeated anchor.
type slugger struct{ seen map[string]int }

// slugBase is a heading's anchor before it is numbered.
func slugBase(heading string) string {
	var b strings.Builder
	b.Grow(len(heading))
	for _, r := range heading {
		// strings.ToLower(heading) would lower the runes the same way, in
		// a string of its own.
		r = unicode.ToLower(r)
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || unicode.Is(unicode.Pc, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// number returns the anchor of the next heading whose anchor before
// numbering is base.
func (s *slugger) number(base string) string {
	if s.seen == nil {
		s.seen = map[string]int{}
	}
	n := s.seen[base]
	s.seen[base] = n + 1
	if n == 0 {
		return base
	}
	return base + "-" + strconv.Itoa(n)
}
