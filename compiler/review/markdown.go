package review

import (
	"strconv"
	"strings"
	"unicode"
)

// This file renders IR text as GitHub-flavoured Markdown that shows the
// text itself: a prompt such as "Enter *one* <id>" must not turn into
// emphasis and an HTML tag, and a {{…}} template should stand out from the
// words around it. Escaping is as light as correctness allows, because
// reviewers also read the page as a raw diff.

// text renders s as inline Markdown that displays as s on one line, with
// its {{…}} templates as code spans. Line breaks become <br>, which works
// in paragraphs, list items and table cells alike.
func text(s string) string {
	var b strings.Builder
	for i, line := range splitLines(s) {
		if i > 0 {
			b.WriteString("<br>")
		}
		writeLine(&b, line, false)
	}
	return b.String()
}

// cell is text for a table cell: the same, except that a "|" inside a code
// span must be escaped too, or GitHub splits the cell there.
func cell(s string) string {
	var b strings.Builder
	for i, line := range splitLines(s) {
		if i > 0 {
			b.WriteString("<br>")
		}
		writeLine(&b, line, true)
	}
	return b.String()
}

func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Split(s, "\n")
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
		b.WriteString(codeSpan(line[open:end], inCell))
		atStart = false
		line = line[end:]
	}
}

// writeLiteral backslash-escapes what Markdown would otherwise interpret.
// atStart says whether the run begins a line, where "#", ">", "-", "+",
// "=" and "1." start blocks.
func writeLiteral(b *strings.Builder, s string, atStart bool) {
	runes := []rune(s)
	if atStart {
		// Leading blanks would be dropped, or make an indented code block.
		for len(runes) > 0 && (runes[0] == ' ' || runes[0] == '\t') {
			b.WriteString("&#32;")
			runes = runes[1:]
		}
		if len(runes) > 0 {
			switch runes[0] {
			case '#', '>', '-', '+', '=':
				b.WriteByte('\\')
			}
			// "1. " or "1) " would start an ordered list.
			digits := 0
			for digits < len(runes) && digits < 10 && runes[digits] >= '0' && runes[digits] <= '9' {
				digits++
			}
			if digits > 0 && digits < len(runes) && (runes[digits] == '.' || runes[digits] == ')') {
				b.WriteString(string(runes[:digits]))
				b.WriteByte('\\')
				runes = runes[digits:]
			}
		}
	}
	for i, r := range runes {
		switch {
		case strings.ContainsRune("\\`*[]<|~$", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '_':
			// GitHub ignores an underscore inside a word (stripe_base_url);
			// only one at a word's edge can open or close emphasis.
			if i > 0 && i+1 < len(runes) && isWordRune(runes[i-1]) && isWordRune(runes[i+1]) {
				b.WriteRune(r)
			} else {
				b.WriteString(`\_`)
			}
		case r == '&':
			// Only "&name;" or "&#123;" would be read as an entity.
			if looksLikeEntity(runes[i+1:]) {
				b.WriteString(`\&`)
			} else {
				b.WriteRune(r)
			}
		case r == '\t':
			b.WriteRune(' ')
		case !unicode.IsPrint(r) && r != ' ':
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func looksLikeEntity(rest []rune) bool {
	i := 0
	if i < len(rest) && rest[i] == '#' {
		i++
	}
	start := i
	for i < len(rest) && i < 40 && (isWordRune(rest[i]) && rest[i] < unicode.MaxASCII) {
		i++
	}
	return i > start && i < len(rest) && rest[i] == ';'
}

// lineBreaks turns every kind of line break into a space.
var lineBreaks = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ")

// codeSpan renders s verbatim as a code span, with a fence longer than any
// backtick run inside. Line breaks become spaces, as CommonMark would show
// them anyway.
func codeSpan(s string, inCell bool) string {
	s = lineBreaks.Replace(s)
	if inCell {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") ||
		(len(s) > 1 && s[0] == ' ' && s[len(s)-1] == ' ' && strings.TrimSpace(s) != "") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

// code is a code span for running text; cellCode one for a table cell. An
// empty value shows as "(empty)", since an empty code span cannot be
// written.
func code(s string) string {
	if s == "" {
		return "*(empty)*"
	}
	return codeSpan(s, false)
}

func cellCode(s string) string {
	if s == "" {
		return "*(empty)*"
	}
	return codeSpan(s, true)
}

func longestRun(s string, c rune) int {
	longest, run := 0, 0
	for _, r := range s {
		if r == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// fenced renders body as a fenced code block whose fence no line of the
// body can close.
func fenced(lang, body string) string {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	if !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	fence := strings.Repeat("`", max(3, longestRun(body, '`')+1))
	return fence + lang + "\n" + body + fence + "\n"
}

// slugger computes the anchors GitHub gives headings, so that the page can
// link to its own sections: lower case, everything but word characters,
// "-" and spaces dropped, spaces turned into "-", and "-1", "-2", … added
// to a repeated anchor.
type slugger struct{ seen map[string]int }

// slugBase is a heading's anchor before it is numbered.
func slugBase(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
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
