package config

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/xoc-dev/xoc/compiler/internal/safefile"
)

// parseSource reads and parses one configuration file with parser, by its
// suffix. The file is read as files.BotFiles lists it: a regular file, not
// a link, opened so that a FIFO put in its place cannot block, and read to
// at most maxSourceBytes. Its text is scanned before it is parsed (see
// scan.go); a text the scan rejects is not parsed, and is known to parser
// by its bytes and an empty body, so that its diagnostics print with their
// source and nothing parses it again.
func parseSource(parser *hclparse.Parser, path string) (*hcl.File, hcl.Diagnostics) {
	src, _, err := safefile.ReadFile(path, false, maxSourceBytes)
	if err != nil {
		return nil, hcl.Diagnostics{sourceReadError(path, err)}
	}
	json := strings.HasSuffix(path, SuffixJSON)
	var diags hcl.Diagnostics
	if json {
		diags = scanJSON(src, path)
	} else {
		diags = scanHCL(src, path)
	}
	if len(diags) > 0 {
		f := &hcl.File{Body: hcl.EmptyBody(), Bytes: src}
		parser.Files()[path] = f
		return f, diags
	}
	if json {
		return parser.ParseJSON(src, path)
	}
	return parser.ParseHCL(src, path)
}

// sourceReadError is the diagnostic of a configuration file that cannot
// be read.
func sourceReadError(path string, err error) *hcl.Diagnostic {
	d := &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Cannot read configuration file",
		Detail:   fmt.Sprintf("%s: %s.", path, describeFileError(err)),
	}
	switch {
	case errors.Is(err, safefile.ErrTooLarge):
		d.Summary = "Configuration file too large"
		d.Detail = fmt.Sprintf("%s is larger than %d MiB, the most xoc reads of a configuration file.", path, maxSourceBytes>>20)
		d.Subject = &hcl.Range{Filename: path, Start: hcl.InitialPos, End: hcl.InitialPos}
	case errors.Is(err, safefile.ErrNotRegular):
		d.Detail = fmt.Sprintf("%s is not a regular file: xoc reads only the regular files of a bot's directory.", path)
	}
	return d
}
