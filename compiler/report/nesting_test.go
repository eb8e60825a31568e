package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// A file known by its bytes alone is parsed again to name the block of a
// diagnostic, unless it nests too deep to parse: 100,000 parentheses once
// overflowed the stack of xoc validate as it printed the very diagnostic
// that reported them.
func TestWriteTextDoesNotParseTooDeepFiles(t *testing.T) {
	src := "locals {\n  x = " + strings.Repeat("(", 100_000) + "1" + strings.Repeat(")", 100_000) + "\n}\n"
	files := map[string]*hcl.File{"deep.xo.hcl": {Bytes: []byte(src)}}
	rng := hcl.Range{Filename: "deep.xo.hcl", Start: hcl.Pos{Line: 2, Column: 7, Byte: 15}, End: hcl.Pos{Line: 2, Column: 8, Byte: 16}}
	diags := hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Nesting too deep", Subject: &rng}}
	var out bytes.Buffer
	if err := WriteText(&out, files, diags, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "on deep.xo.hcl line 2:") {
		t.Errorf("the diagnostic was not printed with its source:\n%.300s", out.String())
	}
}
