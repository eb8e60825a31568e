package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValueSizeLimits builds values that double or multiply from a small
// file: each is stopped where it first passes maxValueBytes, with a
// diagnostic at that expression, instead of running out of memory (thirty
// doubling locals asked for 16 GiB before the limit).
func TestValueSizeLimits(t *testing.T) {
	doubling := func(n int) string {
		var b strings.Builder
		b.WriteString("bot \"b\" {\n  description = local.a" + fmt.Sprint(n) + "\n}\nlocals {\n  a0 = \"xxxxxxxxxxxxxxxx\"\n")
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "  a%d = \"${local.a%d}${local.a%d}\"\n", i, i-1, i-1)
		}
		return b.String() + "}\n"
	}
	tests := []struct {
		name, src, wantSummary string
		wantLine               int
	}{
		// 16 bytes doubled 16 times is 1 MiB, over the bound by its 8 bytes of
		// overhead; without the bound, a18 would be 4 MiB (and a40 16 TiB).
		{"doubling locals", doubling(18), "Value too large", 21},
		{"a function's result", `bot "b" {
  description = join("", [for i in range(1000) : "${local.kb}${local.kb}"])
}
locals {
  kb = join("", [for i in range(1024) : "x"])
}
`, `Error in function call`, 2},
		{"a list of many elements", `bot "b" {
  description = "${length(local.many)}"
}
locals {
  many = [for a in range(1000) : [for b in range(200) : a * b]]
}
`, "Value too large", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "bot.xo.hcl"), []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, diags := Load(dir, Inputs{})
			if !diags.HasErrors() {
				t.Fatal("no error")
			}
			d := diags[0]
			if d.Summary != tt.wantSummary || d.Subject == nil || d.Subject.Start.Line != tt.wantLine {
				t.Fatalf("first diagnostic %q at %v, want %q on line %d; all:\n%s", d.Summary, d.Subject, tt.wantSummary, tt.wantLine, diags.Error())
			}
			if !strings.Contains(diags.Error(), "larger than 1024 kB") {
				t.Errorf("diagnostics do not give the bound:\n%s", diags.Error())
			}
		})
	}
}

// TestValueSizeCountsUpToTheBound: a value just under the bound passes,
// one just over does not.
func TestValueSizeCountsUpToTheBound(t *testing.T) {
	dir := t.TempDir()
	src := `bot "b" {
  description = substr(local.big, 0, 10)
}
locals {
  kb  = join("", [for i in range(1000) : "x"])
  big = join("", [for i in range(1000) : local.kb])
}
`
	if err := os.WriteFile(filepath.Join(dir, "bot.xo.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, diags := Load(dir, Inputs{}); diags.HasErrors() {
		t.Fatalf("a value of 1,000,000 bytes is under the bound: %s", diags.Error())
	}
}
