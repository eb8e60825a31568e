package build

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/xoc-dev/xoc/compiler/kore"
	"github.com/xoc-dev/xoc/compiler/lower"
	"github.com/xoc-dev/xoc/compiler/review"
	"github.com/xoc-dev/xoc/internal/benchws"
)

// TestSharedMemoryMatches builds a workspace of bots that install
// the same templates with varying settings, in both authorization modes,
// through one build (whose Encoder and review Renderer copy the dialog
// tasks bots share), and compares every export with kore.Encode of that
// bot alone, which encodes and checks all of it, and every review page
// with review.Render.
func TestSharedMemoryMatches(t *testing.T) {
	root := t.TempDir()
	const bots = 36
	if err := benchws.Generate(root, bots); err != nil {
		t.Fatal(err)
	}
	cfgs := loadExamples(t, root, nil)
	out := t.TempDir()
	if _, diags, err := Run(cfgs, Options{OutDir: out}); err != nil || diags.HasErrors() {
		t.Fatalf("build: %v %s", err, diags)
	}
	for _, cfg := range cfgs {
		bot, diags := lower.Lower(cfg, lower.Options{})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		want, err := kore.Encode(bot)
		if err != nil {
			t.Fatal(err)
		}
		got := readTree(t, filepath.Join(out, cfg.Bot.Label))
		for _, f := range want.Files() {
			if !bytes.Equal(got[f.Name], f.Data) {
				t.Errorf("%s/%s differs from kore.Encode's", cfg.Bot.Label, f.Name)
			}
		}
		if !bytes.Equal(got["REVIEW.md"], review.Render(bot)) {
			t.Errorf("%s/REVIEW.md differs from review.Render's", cfg.Bot.Label)
		}
	}
	if len(cfgs) != bots {
		t.Fatalf("loaded %d bots, want %d", len(cfgs), bots)
	}
}
