package benchws

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/build"
	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/files"
)

// TestWorkspaceIsValid loads a generated workspace the way xoc build does
// and expects not a single diagnostic, then builds it.
func TestWorkspaceIsValid(t *testing.T) {
	const n = 12 // every combination of mode, syntax and overrides
	dir := t.TempDir()
	if err := Generate(dir, n); err != nil {
		t.Fatal(err)
	}
	dirs, err := files.BotDirs([]string{filepath.Join(dir, "...")})
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) != n {
		t.Fatalf("found %d bot folders, want %d", len(dirs), n)
	}
	var configs []*config.Config
	for _, dir := range dirs {
		cfg, _, diags := config.Load(dir, config.Inputs{})
		if len(diags) > 0 {
			t.Fatalf("generated bot %s has diagnostics:\n%s", dir, diags)
		}
		configs = append(configs, cfg)
	}
	modes := map[string]bool{}
	for i, cfg := range configs {
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
	res, err := build.Run(context.Background(), build.Request{Mode: build.Write, Dirs: []string{filepath.Join(dir, "...")}, OutDir: out})
	if err != nil || len(res.Diagnostics) > 0 {
		t.Fatalf("build: %v\n%s", err, res.Diagnostics)
	}
	if entries, _ := os.ReadDir(out); len(entries) != n {
		t.Errorf("build wrote %d bots, want %d", len(entries), n)
	}
}

// TestGenerateIsDeterministic generates each kind of workspace twice and
// expects the same bytes, three files a bot and some bots in *.xo.json.
func TestGenerateIsDeterministic(t *testing.T) {
	const n = 7
	generators := map[string]func(dir string, n int) error{
		"Generate":         Generate,
		"GenerateDistinct": GenerateDistinct,
	}
	for name, generate := range generators {
		t.Run(name, func(t *testing.T) {
			a, b := t.TempDir(), t.TempDir()
			for _, dir := range []string{a, b} {
				if err := generate(dir, n); err != nil {
					t.Fatal(err)
				}
			}
			var files, jsonFiles int
			filepath.WalkDir(a, func(path string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				files++
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
			if files != n*3 {
				t.Errorf("generated %d files, want 3 per bot", files)
			}
			if jsonFiles == 0 {
				t.Error("no bot uses *.xo.json")
			}
		})
	}
}
