package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"

	"github.com/xoc-dev/xoc/compiler/internal/hclscan"
	"github.com/xoc-dev/xoc/compiler/internal/safefile"
)

// maxSourceBytes bounds a configuration file. The largest file in
// examples/ and testdata/ takes 2 kB, the largest template of the
// catalog 7 kB, and a bot of 40,000 locals about 1 MB.
const maxSourceBytes = 4 << 20

// parseSource reads one configuration file with read, and parses it with
// parser, by its suffix (.json is HCL's JSON syntax). Its text is scanned
// before it is parsed (see hclscan); a text the scan rejects is not parsed,
// and is known to parser by its bytes and an empty body, so that its
// diagnostics print with their source and nothing parses it again.
func parseSource(parser *hclparse.Parser, path string, read func(string) ([]byte, error)) (*hcl.File, hcl.Diagnostics) {
	src, err := read(path)
	if err != nil {
		return nil, hcl.Diagnostics{sourceReadError(path, err)}
	}
	if diags := hclscan.File(src, path); len(diags) > 0 {
		f := &hcl.File{Body: hcl.EmptyBody(), Bytes: src}
		parser.Files()[path] = f
		return f, diags
	}
	if strings.HasSuffix(path, ".json") {
		return parser.ParseJSON(src, path)
	}
	return parser.ParseHCL(src, path)
}

// readBotFile reads a file of a bot's directory as files.BotFiles lists
// it: a regular file, not a link, opened so that a FIFO put in its place
// cannot block, and read to at most maxSourceBytes.
func readBotFile(path string) ([]byte, error) {
	src, _, err := safefile.ReadFile(path, false, maxSourceBytes)
	return src, err
}

// ReadSource reads a configuration file named on a command line (xoc fmt's
// targets) as Load reads a bot's files: a regular file, which a link may
// name, opened so that a FIFO cannot block, read to at most
// maxSourceBytes.
func ReadSource(path string) ([]byte, error) {
	src, _, err := safefile.ReadFile(path, true, maxSourceBytes)
	return src, err
}

// readVarFile reads a --var-file to at most maxSourceBytes. The command
// line names it, so it may be a link, or a pipe (--var-file <(…)).
func readVarFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, maxSourceBytes+1))
	if err == nil && len(src) > maxSourceBytes {
		err = safefile.ErrTooLarge
	}
	return src, err
}

// sourceReadError is the diagnostic of a configuration file (or var file)
// that cannot be read.
func sourceReadError(path string, err error) *hcl.Diagnostic {
	d := &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Cannot read file",
		Detail:   fmt.Sprintf("%s: %s.", path, describeFileError(err)),
	}
	switch {
	case errors.Is(err, safefile.ErrTooLarge):
		d.Summary = "File too large"
		d.Detail = fmt.Sprintf("%s is larger than %d MiB, the most xoc reads of a configuration or variables file.", path, maxSourceBytes>>20)
		d.Subject = &hcl.Range{Filename: path, Start: hcl.InitialPos, End: hcl.InitialPos}
	case errors.Is(err, safefile.ErrNotRegular):
		d.Detail = fmt.Sprintf("%s is not a regular file.", path)
	}
	return d
}

// rawValueProblem checks the text of a variable's value from the command
// line or the environment, before it is read, as a file's text is: a
// number's text, an expression's nesting and numbers (see hclscan). It says what is wrong without quoting the text, which
// may be a secret, or returns "".
func rawValueProblem(v *Variable, raw, source string) string {
	switch {
	case v.Type == cty.Number:
		switch hclscan.NumberText(raw) {
		case hclscan.ErrNumberRange:
			return fmt.Sprintf("is a number out of range: xoc takes numbers below 1e%d in magnitude and, other than zero, of at least 1e-%d", hclscan.MaxNumberExponent+1, hclscan.MaxNumberExponent)
		case hclscan.ErrNumberText:
			return fmt.Sprintf("is a number written with more than %d characters", hclscan.MaxNumberText)
		}
	case v.Type.IsPrimitiveType() || v.Type == cty.DynamicPseudoType:
		// Taken literally.
	case len(hclscan.HCL([]byte(raw), source)) > 0:
		return fmt.Sprintf("nests deeper than %d levels, or holds a number out of range or too long", hclscan.MaxNesting)
	}
	return ""
}
