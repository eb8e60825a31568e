package format

import (
	"strings"
	"testing"
)

// A file that nests too deep is reported, not parsed: 100,000 parentheses
// once overflowed the stack of xoc fmt.
func TestSourceTooDeep(t *testing.T) {
	src := "x = " + strings.Repeat("(", 100_000) + "1" + strings.Repeat(")", 100_000) + "\n"
	out, diags := Source("deep.xo.hcl", []byte(src))
	if out != nil || len(diags) != 1 || diags[0].Summary != "Nesting too deep" {
		t.Errorf("want one diagnostic, Nesting too deep, got %v", diags)
	}
}
