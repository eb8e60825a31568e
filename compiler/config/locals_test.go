package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// writeLocalsBot writes a bot with n locals, about 30 bytes each as in the
// report of issue 13: each refers to one before it, through a function or
// a template, so that every local is evaluated and none is a literal.
func writeLocalsBot(tb testing.TB, n int) string {
	tb.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "bot \"b\" {\n  name = local.l%d\n}\n\nlocals {\n  l0 = \"start\"\n", n-1)
	for i := 1; i < n; i++ {
		if i%2 == 0 {
			fmt.Fprintf(&b, "  l%d = lower(local.l%d)\n", i, i/2)
		} else {
			fmt.Fprintf(&b, "  l%d = \"${local.l%d}\"\n", i, i-1)
		}
	}
	b.WriteString("}\n")
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bot.xo.hcl"), []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// BenchmarkLocals loads bots of many locals; the time per local must not
// grow with their number (issue 13: 10k locals took 9 s, 40k 194 s):
//
//	go test ./compiler/config/ -run XXX -bench Locals -benchtime 3x
func BenchmarkLocals(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 40_000} {
		dir := writeLocalsBot(b, n)
		b.Run(fmt.Sprintf("locals=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, _, diags := Load(dir, Inputs{}); diags.HasErrors() {
					b.Fatal(diags)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/local")
		})
	}
}

// A bot of 20,000 locals loads, and every one of them has its value.
func TestManyLocals(t *testing.T) {
	const n = 20_000
	cfg, _, diags := Load(writeLocalsBot(t, n), Inputs{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if cfg.Bot.Name != "start" {
		t.Errorf("name = %q, want the value of the last local, %q", cfg.Bot.Name, "start")
	}
}

// The work of evaluating locals grows linearly with their number: the
// values put into evaluation contexts are counted, not timed. Each local
// refers to one other, so a linear evaluation puts about one value into
// the context of each; rebuilding the context of every local from all the
// locals before it, as xoc once did, puts in n²/2.
func TestLocalsWorkIsLinear(t *testing.T) {
	work := func(n int) int {
		dir := writeLocalsBot(t, n)
		count := 0
		workHook = func(k int) { count += k }
		defer func() { workHook = nil }()
		if _, _, diags := Load(dir, Inputs{}); diags.HasErrors() {
			t.Fatal(diags)
		}
		return count
	}
	small, large := work(500), work(4_000)
	if small == 0 {
		t.Fatal("no context value counted")
	}
	// 8 × the locals may cost 8 × the work, with some slack for the
	// constant part; quadratic work would be 64 ×.
	if ratio := float64(large) / float64(small); ratio > 10 {
		t.Errorf("500 locals put %d values into contexts, 4,000 put %d: %.1f × for 8 × the locals", small, large, ratio)
	}
}

// Reporting references to undeclared locals takes work linear in their
// number too: the names are sorted once, not for each reference, and the
// names compared to suggest one are bounded.
func TestUndeclaredLocalsWorkIsLinear(t *testing.T) {
	work := func(n int) (int, hcl.Diagnostics) {
		var b strings.Builder
		b.WriteString("bot \"b\" {}\n\nlocals {\n")
		for i := range n {
			fmt.Fprintf(&b, "  l%d = local.m%d\n", i, i)
		}
		b.WriteString("}\n")
		dir := writeBot(t, b.String())
		count := 0
		workHook = func(k int) { count += k }
		defer func() { workHook = nil }()
		_, _, diags := Load(dir, Inputs{})
		return count, diags
	}
	small, _ := work(500)
	large, diags := work(4_000)
	if len(diags) != 4_000 || diags[0].Summary != "Reference to undeclared local value" {
		t.Fatalf("want 4,000 undeclared references, got %d diagnostics, first %v", len(diags), diags[0])
	}
	if !strings.Contains(diags[0].Detail, `Did you mean "l0"?`) {
		t.Errorf("the first reference should get a suggestion: %s", diags[0].Detail)
	}
	if ratio := float64(large) / float64(small); ratio > 10 {
		t.Errorf("500 undeclared references cost %d, 4,000 cost %d: %.1f × for 8 × the references", small, large, ratio)
	}
}
