package build

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xoc-dev/xoc/compiler/cache"
	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/internal/benchws"
)

// TestSplitFindsWhatChanged builds a workspace, remembers it, and checks
// which bots the next run finds up to date: all of them, then all but
// one whose file changed, one whose output was edited, and one built
// with another value.
func TestSplitFindsWhatChanged(t *testing.T) {
	root := t.TempDir()
	if err := benchws.Generate(root, 4); err != nil {
		t.Fatal(err)
	}
	dirs, err := config.ExpandDirs([]string{filepath.Join(root, "...")})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	c, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	in := cache.Inputs{}
	// build runs as the command does: the stale bots are loaded, built
	// and remembered. It returns the directories that were fresh.
	build := func(t *testing.T, in cache.Inputs) []string {
		t.Helper()
		ix, err := c.Index(out, in)
		if err != nil {
			t.Fatal(err)
		}
		fresh, stale := Split(ix, dirs)
		l := Load(stale, config.Inputs{}, 0)
		if l.Diags.HasErrors() {
			t.Fatal(l.Diags)
		}
		if _, diags, err := Run(l.Configs, Options{OutDir: out}); err != nil || len(diags) > 0 {
			t.Fatalf("build: %v %s", err, diags)
		}
		Remember(ix, l.Configs, l.Files)
		var names []string
		for _, f := range fresh {
			names = append(names, filepath.Base(f.Dir))
		}
		return names
	}
	expect := func(t *testing.T, got []string, want ...string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("fresh bots %v, want %v", got, want)
		}
	}
	expect(t, build(t, in))
	expect(t, build(t, in), "bot_00000", "bot_00001", "bot_00002", "bot_00003")

	// One bot's file changes; another's output is edited by hand.
	edit := filepath.Join(dirs[1], "bot.xo.hcl")
	src, err := os.ReadFile(edit)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(edit, append(src, "\n# edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, benchws.Label(2), "REVIEW.md"), []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	expect(t, build(t, in), "bot_00000", "bot_00003")
	expect(t, build(t, in), "bot_00000", "bot_00001", "bot_00002", "bot_00003")

	// The REVIEW.md edited by hand was written anew.
	want := filepath.Join(t.TempDir(), "want")
	l := Load(dirs, config.Inputs{}, 0)
	if _, diags, err := Run(l.Configs, Options{OutDir: want}); err != nil || diags.HasErrors() {
		t.Fatalf("build: %v %s", err, diags)
	}
	if got, want := readTree(t, out), readTree(t, want); !mapsEqual(got, want) {
		t.Error("the output folder differs from a build without the cache")
	}

	// Another value for the run: nothing is fresh.
	expect(t, build(t, cache.Inputs{Env: map[string]string{"brand": "x"}}))
}

func mapsEqual(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || string(w) != string(v) {
			return false
		}
	}
	return true
}
