// Package format rewrites xoc's HCL configuration files in their canonical
// style, as `xoc fmt` does.
//
// The style is HCL's own, the one hclwrite.Format produces (and `terraform
// fmt` builds on): two-space indentation, one space around operators, the
// "=" of neighbouring attributes aligned. On top of it, Source applies a few
// normalisations that cannot change what a file means and that formatting
// the result again leaves alone:
//
//   - a block label written as a bare identifier (bot payments {) is
//     quoted (bot "payments" {), the form HCL documents as idiomatic;
//   - a run of blank lines becomes one blank line, and blank lines at the
//     start and the end of the file are removed;
//   - a non-empty file ends with exactly one newline.
//
// Heredoc contents, quoted strings and comments are never changed, nor are
// line endings (a CRLF file stays CRLF). Unlike `terraform fmt`, Source does
// not unwrap "${x}" into x or rewrite variable types: those are upgrades from
// older Terraform syntax that xoc never accepted, and they would change the
// kind of an expression that xoc's checks look at.
//
// Only HCL's native syntax is formatted. *.xo.json files (HCL's JSON syntax)
// are left alone: their layout is whatever the editor or generator that
// wrote them chose, and JSON has no comments to keep track of.
//
// A file with syntax errors is not formatted at all: rewriting around a
// mistake could move it, or turn it into a different, valid, mistake.
package format

import (
	"bytes"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/xoc-dev/xoc/compiler/internal/hclscan"
)

// Source returns src in the canonical style. filename is used only in
// diagnostics. When src has syntax errors the result is nil and the
// diagnostics say why; the caller should leave the file as it is.
func Source(filename string, src []byte) ([]byte, hcl.Diagnostics) {
	// A text that would overflow the parser's stack is not parsed.
	if diags := hclscan.HCL(src, filename); len(diags) > 0 {
		return nil, diags
	}
	file, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		// hclsyntax always returns its own body type; guard anyway so a
		// change there is an error, not a panic.
		return nil, append(diags, internalError(filename, "the parser returned an unexpected body type"))
	}

	out := quoteLabels(src, body)
	out, more := tidyBlankLines(out, filename)
	if more.HasErrors() {
		return nil, append(diags, internalError(filename, more.Error()))
	}
	out = hclwrite.Format(out)
	out = endWithNewline(out)
	return out, diags
}

func internalError(filename, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Cannot format file",
		Detail:   "xoc fmt could not format " + filename + " although it parsed: " + detail + ". This is a bug in xoc; the file was left as it is.",
	}
}

// quoteLabels puts quotes around block labels written as identifiers. An
// identifier never holds a character that a quoted string would need to
// escape, so wrapping it is exact; the parser gives both forms the same
// value.
func quoteLabels(src []byte, body *hclsyntax.Body) []byte {
	var offsets []int // byte offsets of identifier labels' starts and ends
	var walk func(*hclsyntax.Body)
	walk = func(b *hclsyntax.Body) {
		for _, block := range b.Blocks {
			for _, r := range block.LabelRanges {
				if r.Start.Byte < r.End.Byte && r.End.Byte <= len(src) && src[r.Start.Byte] != '"' {
					offsets = append(offsets, r.Start.Byte, r.End.Byte)
				}
			}
			walk(block.Body)
		}
	}
	walk(body)
	if len(offsets) == 0 {
		return src
	}
	// Blocks are visited in source order, so offsets are ascending.
	out := make([]byte, 0, len(src)+len(offsets))
	prev := 0
	for _, off := range offsets {
		out = append(out, src[prev:off]...)
		out = append(out, '"')
		prev = off
	}
	return append(out, src[prev:]...)
}

// tidyBlankLines keeps at most one blank line in a row and drops blank
// lines at the start and end of the file. It works on tokens, so newlines
// inside heredocs (part of their string literal tokens) are never touched;
// every newline it removes is one the parser ignores or that follows
// another newline.
func tidyBlankLines(src []byte, filename string) ([]byte, hcl.Diagnostics) {
	tokens, diags := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	var drop []hcl.Range
	atFileStart := true // nothing but blank lines so far
	atLineStart := true // the previous token ended a line
	var keptBlank *hclsyntax.Token
	for i := range tokens {
		tok := &tokens[i]
		switch tok.Type {
		case hclsyntax.TokenNewline:
			switch {
			case !atLineStart:
				atLineStart = true // ends a line with content
			case atFileStart || keptBlank != nil:
				drop = append(drop, tok.Range)
			default:
				keptBlank = tok // the one blank line of this run
			}
		case hclsyntax.TokenEOF:
			if keptBlank != nil {
				drop = append(drop, keptBlank.Range)
			}
		case hclsyntax.TokenComment:
			// A line comment's token includes its newline.
			atFileStart, keptBlank = false, nil
			atLineStart = bytes.HasSuffix(tok.Bytes, []byte("\n"))
		default:
			atFileStart, atLineStart, keptBlank = false, false, nil
		}
	}
	if len(drop) == 0 {
		return src, nil
	}
	// The blank line kept last at the end of the file is dropped last.
	slices.SortFunc(drop, func(a, b hcl.Range) int { return a.Start.Byte - b.Start.Byte })
	out := make([]byte, 0, len(src))
	prev := 0
	for _, r := range drop {
		out = append(out, src[prev:r.Start.Byte]...)
		prev = r.End.Byte
	}
	return append(out, src[prev:]...), nil
}

// endWithNewline makes a non-empty file end with one newline, in the
// file's own line-ending style. hclwrite.Format leaves the spaces after
// the last token alone, so they go too (a final comment's trailing spaces
// included, which changes nothing either).
func endWithNewline(src []byte) []byte {
	src = bytes.TrimRight(src, " \t")
	if len(src) == 0 || src[len(src)-1] == '\n' {
		return src
	}
	newline := []byte("\n")
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		newline = []byte("\r\n")
	}
	return append(src, newline...)
}
