package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// manyDiagnostics is a file of n lines with an error on each.
func manyDiagnostics(n int) (map[string]*hcl.File, hcl.Diagnostics) {
	var src strings.Builder
	var diags hcl.Diagnostics
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&src, "x%d = nope%d\n", i, i)
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Unknown reference",
			Detail:   fmt.Sprintf("There is nothing named nope%d.", i),
			Subject:  &hcl.Range{Filename: "bot.xo.hcl", Start: hcl.Pos{Line: i, Column: 6}, End: hcl.Pos{Line: i, Column: 10}},
		})
	}
	return map[string]*hcl.File{"bot.xo.hcl": {Bytes: []byte(src.String())}}, diags
}

// TestManyDiagnosticsAreAllWritten: every diagnostic is written, the
// first maxSnippets with their source lines (each of which reads the file
// from its start), the rest one line each.
func TestManyDiagnosticsAreAllWritten(t *testing.T) {
	files, diags := manyDiagnostics(maxSnippets + 200)
	var out bytes.Buffer
	if err := WriteText(&out, files, diags, false); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if got := strings.Count(text, "\n  on bot.xo.hcl line "); got != maxSnippets {
		t.Errorf("%d diagnostics with source lines, want %d", got, maxSnippets)
	}
	if !strings.Contains(text, "200 more:\n") {
		t.Error("no count of the rest")
	}
	last := fmt.Sprintf("bot.xo.hcl:%d,6: Error: Unknown reference; There is nothing named nope%d.\n", maxSnippets+200, maxSnippets+200)
	if !strings.HasSuffix(text, last) {
		t.Errorf("output does not end with the last diagnostic %q:\n…%s", last, text[max(0, len(text)-300):])
	}
	for i := 1; i <= maxSnippets+200; i++ {
		if !strings.Contains(text, fmt.Sprintf("nothing named nope%d.", i)) {
			t.Fatalf("diagnostic %d is missing", i)
		}
	}
}

// BenchmarkManyDiagnostics writes 5,000 diagnostics about one file of
// 5,000 lines: linear, not the minute it took when each read the file.
func BenchmarkManyDiagnostics(b *testing.B) {
	files, diags := manyDiagnostics(5000)
	for b.Loop() {
		if err := WriteText(&bytes.Buffer{}, files, diags, false); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSnippetsStayWithinTheLineBudget: in a file of 40,000 lines, each
// diagnostic with source lines reads all of them, so only as many as fit
// in snippetLines get them.
func TestSnippetsStayWithinTheLineBudget(t *testing.T) {
	files, diags := manyDiagnostics(40_000)
	var out bytes.Buffer
	if err := WriteText(&out, files, diags[:10], false); err != nil {
		t.Fatal(err)
	}
	want := snippetLines / 40_001
	if got := strings.Count(out.String(), "\n  on bot.xo.hcl line "); got != want {
		t.Errorf("%d diagnostics with source lines, want %d", got, want)
	}
	if !strings.Contains(out.String(), fmt.Sprintf("%d more:\n", 10-want)) {
		t.Errorf("no count of the rest:\n%s", out.String())
	}
}
