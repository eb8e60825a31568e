package benchws

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/build"
	"github.com/xoc-dev/xoc/compiler/config"
)

// TestWorkspaceIsValid loads a generated workspace the way xoc build does
// and expects not a single diagnostic, then builds it.
func TestWorkspaceIsValid(t *testing.T) {
	const n = 12 // every combination of mode, syntax and overrides
	dir := t.TempDir()
	if err := Generate(dir, n); err != nil {
		t.Fatal(err)
	}
	dirs, err := config.ExpandDirs([]string{filepath.Join(dir, "...")})
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) != n {
		t.Fatalf("found %d bot folders, want %d", len(dirs), n)
	}
	loaded := build.Load(dirs, config.Inputs{}, 0)
	if len(loaded.Diags) > 0 {
		t.Fatalf("generated workspace has diagnostics:\n%s", loaded.Diags)
	}
	modes := map[string]bool{}
	for i, cfg := range loaded.Configs {
		if cfg.Bot.Label != Label(i) {
			t.Errorf("bot %d has label %q, want %q", i, cfg.Bot.Label, Label(i))
		}
		if got := len(cfg.Files); got < 3 {
			t.Errorf("bot %d is made of %d files, want at least 3", i, got)
		}
		if cfg.Stripe == nil {
			t.Fatalf("bot %d has no stripe action", i)
		}
		if got := len(cfg.Stripe.Templates); got != 5 {
			t.Errorf("bot %d installs %d templates, want all 5", i, got)
		}
		modes[cfg.Stripe.Authorization.Mode] = true
	}
	if len(modes) != 2 {
		t.Errorf("authorization modes used: %v, want both", modes)
	}
	out := t.TempDir()
	outcome, diags, err := build.Run(loaded.Configs, build.Options{OutDir: out})
	if err != nil || len(diags) > 0 {
		t.Fatalf("build: %v\n%s", err, diags)
	}
	if len(outcome.Written) != n {
		t.Errorf("build wrote %d bots, want %d", len(outcome.Written), n)
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := Generate(dir, 7); err != nil {
			t.Fatal(err)
		}
	}
	var jsonFiles int
	filepath.WalkDir(a, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, path)
		if strings.HasSuffix(rel, ".xo.json") {
			jsonFiles++
		}
		x, _ := os.ReadFile(path)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", rel)
		}
		return nil
	})
	if jsonFiles == 0 {
		t.Error("no bot uses *.xo.json")
	}
}
