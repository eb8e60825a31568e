package hclscan

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// MaxNesting bounds the depth of a text (see the package comment).
//
// Every level costs the parser between 4 and 16 KiB of stack (measured
// with hcl v2.25: 16 for a list, 8 for a parenthesis, 4 for a JSON
// array), and Go stops at 1 GiB. 256 levels take at most 4 MiB, and the
// deepest file in examples/, testdata/ and the template catalog reaches 11
// (a JSON bot with a list in an object in a template's block).
const MaxNesting = 256

// maxScanDiagnostics bounds the problems reported for one file.
const maxScanDiagnostics = 10

// frameKind is what the scanner is inside of.
type frameKind uint8

const (
	frameBody    frameKind = iota // a file's body, or an expression of its own
	frameParen                    // ( … )
	frameBracket                  // [ … ]
	frameBrace                    // { … }: a block's body or an object
	frameInterp                   // ${ … } or %{ … }
	frameQuoted                   // "…", a template
	frameHeredoc                  // <<EOT … EOT, a template
	frameBare                     // a template that is a whole text (a JSON string)
)

func (k frameKind) isTemplate() bool {
	return k == frameQuoted || k == frameHeredoc || k == frameBare
}

type frame struct {
	kind frameKind
	// base is the depth the frame adds while it is open, and run the
	// depth of the operators and brackets in a row in it, or of a
	// template's open directives.
	base, run int
	// marker and lineStart are a heredoc's closing marker, and whether
	// the scan is at the start of one of its lines.
	marker    []byte
	lineStart bool
}

// scanner scans one text. For a JSON string, src is its decoded content
// and offsets maps each of its bytes to the file.
type scanner struct {
	file     []byte
	filename string
	src      []byte
	offsets  []int
	// plainJSON is JSON whose strings are no templates.
	plainJSON bool

	stack []frame
	depth int
	// deepest is the greatest depth the scan met.
	deepest int
	diags   hcl.Diagnostics
	stopped bool
	// noCommentEnd is an offset after which src holds no "*/": hcl reads
	// an unterminated /* as a division and a product.
	noCommentEnd int
}

// File checks a file's text, in HCL's JSON syntax if its name ends in
// .json, else in the native syntax.
func File(src []byte, filename string) hcl.Diagnostics {
	if strings.HasSuffix(filename, ".json") {
		return JSON(src, filename)
	}
	return HCL(src, filename)
}

// HCL checks a text in the native syntax: a file, or an expression.
func HCL(src []byte, filename string) hcl.Diagnostics {
	s := &scanner{file: src, filename: filename, src: src, noCommentEnd: -1}
	s.stack = []frame{{kind: frameBody}}
	s.run()
	return s.diags
}

// JSON checks a text in HCL's JSON syntax: its arrays, objects and
// numbers, and each string as the template hcl will parse it as.
func JSON(src []byte, filename string) hcl.Diagnostics {
	s := &scanner{file: src, filename: filename, src: src}
	s.json()
	return s.diags
}

// run scans a native-syntax text.
func (s *scanner) run() {
	for i := 0; i < len(s.src) && !s.stopped; {
		if s.stack[len(s.stack)-1].kind.isTemplate() {
			i = s.template(i)
		} else {
			i = s.expression(i)
		}
	}
}

// expression scans the token at i in an expression or a body, and returns
// the offset after it.
func (s *scanner) expression(i int) int {
	src := s.src
	c := src[i]
	next := byte(0)
	if i+1 < len(src) {
		next = src[i+1]
	}
	switch {
	case c == ' ' || c == '\t' || c == '\r':
		return i + 1
	case c == '\n':
		if k := s.top().kind; k == frameBody || k == frameBrace {
			s.separate()
		}
		return i + 1
	case c == '#' || c == '/' && next == '/':
		return s.lineEnd(i)
	case c == '/' && next == '*':
		if end := s.commentEnd(i + 2); end >= 0 {
			return end
		}
		s.operator(i, 1)
		return i + 1
	case c == ',':
		s.separate()
		return i + 1
	case c == '(':
		s.open(frameParen, i, 1)
		return i + 1
	case c == '[':
		s.open(frameBracket, i, 1)
		return i + 1
	case c == '{':
		s.open(frameBrace, i, 1)
		return i + 1
	case c == '"':
		s.open(frameQuoted, i, 1)
		return i + 1
	case c == ')':
		s.closeIf(frameParen)
		return i + 1
	case c == ']':
		s.closeIf(frameBracket)
		return i + 1
	case c == '}':
		s.closeBrace()
		return i + 1
	case c == '~' && next == '}':
		s.closeBrace()
		return i + 2
	case c == '<' && next == '<':
		if end, marker := heredocStart(src, i); end > 0 {
			s.open(frameHeredoc, i, end-i)
			top := s.top()
			top.marker, top.lineStart = marker, true
			return end
		}
		s.operator(i, 1)
		return i + 1
	case c >= '0' && c <= '9':
		end := numberEnd(src, i)
		s.number(i, end)
		return end
	case c == '=' && (next == '=' || next == '>'), c == ':' && next == ':':
		if c == '=' && next == '=' {
			s.operator(i, 2)
		}
		return i + 2
	case (c == '!' || c == '<' || c == '>') && next == '=', c == '&' && next == '&', c == '|' && next == '|':
		s.operator(i, 2)
		return i + 2
	case bytes.IndexByte([]byte("+-*/%<>!?&|"), c) >= 0:
		s.operator(i, 1)
		return i + 1
	case c < utf8.RuneSelf:
		if c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			return identEnd(src, i)
		}
		return i + 1
	}
	r, size := utf8.DecodeRune(src[i:])
	if unicode.IsLetter(r) {
		return identEnd(src, i)
	}
	return i + size
}

// template scans the text at i of a string, heredoc or bare template.
func (s *scanner) template(i int) int {
	src := s.src
	top := s.top()
	if top.kind == frameHeredoc && top.lineStart {
		// A line of its marker alone closes a heredoc; the new line
		// that ends it is the expression's.
		if n := bytes.IndexByte(src[i:], '\n'); n >= 0 {
			line := src[i : i+n]
			if !bytes.ContainsAny(line, "$%") && bytes.Equal(bytes.TrimSpace(line), top.marker) {
				s.pop()
				return i + n
			}
		}
		top.lineStart = false
	}
	c := src[i]
	switch {
	case c == '"' && top.kind == frameQuoted:
		s.pop()
		return i + 1
	case c == '\\' && top.kind == frameQuoted:
		// An escape takes the next character, unless it ends the line.
		if i+1 < len(src) && src[i+1] != '\n' && src[i+1] != '\r' {
			return i + 2
		}
		return i + 1
	case c == '\n':
		top.lineStart = top.kind == frameHeredoc
		return i + 1
	case c == '$' || c == '%':
		switch {
		case i+1 < len(src) && src[i+1] == '{':
			end := i + 2
			if end < len(src) && src[end] == '~' {
				end++
			}
			if c == '%' {
				s.directive(i, end)
			}
			top = s.top()
			top.lineStart = false
			s.push(frameInterp, 1, i, 2)
			return end
		case i+2 < len(src) && src[i+1] == c && src[i+2] == '{':
			return i + 3 // $${ and %%{ are the text ${ and %{
		}
		return i + 1
	}
	return i + 1
}

// directive counts the if and for directives open in a template, at the
// %{ of one that starts at i and whose keyword follows from.
func (s *scanner) directive(i, from int) {
	for from < len(s.src) && (s.src[from] == ' ' || s.src[from] == '\t') {
		from++
	}
	word := s.src[from:identEnd(s.src, from)]
	top := s.top()
	switch string(word) {
	case "if", "for":
		top.run++
		s.deeper(1, i, 2)
	case "endif", "endfor":
		if top.run > 0 {
			top.run--
			s.depth--
		}
	}
}

func (s *scanner) top() *frame { return &s.stack[len(s.stack)-1] }

// open counts an opening token of width bytes at i in the frame it is
// in, and enters the frame it opens.
func (s *scanner) open(kind frameKind, i, width int) {
	top := s.top()
	top.run++
	s.deeper(1, i, width)
	s.push(kind, 0, i, width)
}

// operator counts an operator of width bytes at i.
func (s *scanner) operator(i, width int) {
	s.top().run++
	s.deeper(1, i, width)
}

func (s *scanner) push(kind frameKind, base, i, width int) {
	s.stack = append(s.stack, frame{kind: kind, base: base})
	s.deeper(base, i, width)
}

func (s *scanner) pop() {
	if len(s.stack) > 1 {
		f := s.top()
		s.depth -= f.base + f.run
		s.stack = s.stack[:len(s.stack)-1]
	}
}

// separate ends the row of operators of the current frame.
func (s *scanner) separate() {
	top := s.top()
	s.depth -= top.run
	top.run = 0
}

// closeIf closes the current frame if it is of kind; hcl's parser reports
// a closing bracket that closes nothing.
func (s *scanner) closeIf(kind frameKind) {
	if s.top().kind == kind {
		s.pop()
	}
}

// closeBrace closes the innermost brace or interpolation, and every
// bracket left open in it, as hcl's scanner does: it counts braces only.
func (s *scanner) closeBrace() {
	for k := len(s.stack) - 1; k > 0; k-- {
		switch s.stack[k].kind {
		case frameBrace, frameInterp:
			for len(s.stack) > k {
				s.pop()
			}
			return
		case frameParen, frameBracket:
			continue
		}
		return // a template or the body: the brace closes nothing
	}
}

// deeper adds n to the depth at the token of width bytes at i, and stops
// the scan with a diagnostic there if that goes too deep.
func (s *scanner) deeper(n, i, width int) {
	s.depth += n
	s.deepest = max(s.deepest, s.depth)
	if s.depth > MaxNesting && !s.stopped {
		s.report("Nesting too deep", fmt.Sprintf(
			"The configuration nests deeper than %d levels here. Each parenthesis, bracket, brace, string, heredoc, interpolation and if or for directive counts a level, and so does each operator in a row. Split the expression into local values.",
			MaxNesting), i, width)
		s.stopped = true
	}
}

// number checks the number literal src[i:end].
func (s *scanner) number(i, end int) {
	text := string(s.src[i:end])
	switch err := NumberText(text); err {
	case ErrNumberText:
		s.report("Number too long", fmt.Sprintf("This number is written with %d characters; xoc reads numbers of at most %d.", len(text), MaxNumberText), i, end-i)
	case ErrNumberRange:
		s.report("Number out of range", fmt.Sprintf("xoc takes numbers below 1e%d in magnitude and, other than zero, of at least 1e-%d.", MaxNumberExponent+1, MaxNumberExponent), i, end-i)
	}
}

// report adds a diagnostic at src[i:i+width]; past maxScanDiagnostics it
// stops the scan.
func (s *scanner) report(summary, detail string, i, width int) {
	if s.stopped {
		return
	}
	start, end := s.fileOffset(i), s.fileOffset(i+width-1)+1
	if s.offsets != nil {
		// A JSON string's decoded byte stands for its whole escape.
		end = max(end, start+1)
	}
	s.diags = append(s.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   detail,
		Subject:  &hcl.Range{Filename: s.filename, Start: posAt(s.file, start), End: posAt(s.file, end)},
	})
	if len(s.diags) >= maxScanDiagnostics {
		s.stopped = true
	}
}

func (s *scanner) fileOffset(i int) int {
	if s.offsets == nil {
		return i
	}
	return s.offsets[min(i, len(s.offsets)-1)]
}

// posAt is the position of offset in text, its column counted in
// characters.
func posAt(text []byte, offset int) hcl.Pos {
	offset = min(offset, len(text))
	lineStart := bytes.LastIndexByte(text[:offset], '\n') + 1
	return hcl.Pos{
		Line:   bytes.Count(text[:lineStart], []byte{'\n'}) + 1,
		Column: utf8.RuneCount(text[lineStart:offset]) + 1,
		Byte:   offset,
	}
}

// lineEnd returns the offset of the end of the line at i (its new line,
// or the end of the text).
func (s *scanner) lineEnd(i int) int {
	if n := bytes.IndexByte(s.src[i:], '\n'); n >= 0 {
		return i + n
	}
	return len(s.src)
}

// commentEnd returns the offset after the */ that closes a comment whose
// text starts at from, or -1 if none does. A failed search is remembered,
// so that many unterminated comments cost one search.
func (s *scanner) commentEnd(from int) int {
	if s.noCommentEnd >= 0 && from >= s.noCommentEnd {
		return -1
	}
	n := bytes.Index(s.src[from:], []byte("*/"))
	if n < 0 {
		s.noCommentEnd = from
		return -1
	}
	return from + n + 2
}

// heredocStart matches <<MARKER or <<-MARKER and its new line at i, as
// hcl's scanner does, and returns the offset after the new line and the
// marker; 0 if there is no heredoc.
func heredocStart(src []byte, i int) (int, []byte) {
	j := i + 2
	if j < len(src) && src[j] == '-' {
		j++
	}
	if j >= len(src) || !(src[j] == '_' || src[j] >= utf8.RuneSelf || unicode.IsLetter(rune(src[j]))) {
		return 0, nil
	}
	end := identEnd(src, j)
	marker := src[j:end]
	if end < len(src) && src[end] == '\r' {
		end++
	}
	if end >= len(src) || src[end] != '\n' {
		return 0, nil
	}
	return end + 1, marker
}

// identEnd returns the end of the identifier at i: letters, digits, _ and
// -, as hcl reads them.
func identEnd(src []byte, i int) int {
	for i < len(src) {
		c := src[i]
		if c < utf8.RuneSelf {
			if c == '_' || c == '-' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				i++
				continue
			}
			return i
		}
		r, size := utf8.DecodeRune(src[i:])
		if !unicode.In(r, unicode.Letter, unicode.Digit, unicode.Mark, unicode.Pc) {
			return i
		}
		i += size
	}
	return i
}

// numberEnd returns the end of the number literal at i, as hcl's scanner
// reads one: a digit, then digits, points and exponents, not ending in a
// point.
func numberEnd(src []byte, i int) int {
	j := i + 1
	for j < len(src) {
		c := src[j]
		switch {
		case '0' <= c && c <= '9', c == '.':
			j++
			continue
		case c == 'e' || c == 'E':
			k := j + 1
			if k < len(src) && (src[k] == '+' || src[k] == '-') {
				k++
			}
			if k < len(src) && '0' <= src[k] && src[k] <= '9' {
				j = k + 1
				continue
			}
		}
		break
	}
	for j > i+1 && src[j-1] == '.' {
		j--
	}
	return j
}
