package build

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/internal/benchws"
)

// TestCacheFindsWhatChanged builds a workspace with the build cache, and
// checks which bots the next run leaves alone: all of them, then all but
// one whose file changed and one whose output was edited, and none after
// a value of the run changed. Each time, the output folder must be what a
// build without the cache writes.
func TestCacheFindsWhatChanged(t *testing.T) {
	root := t.TempDir()
	if err := benchws.Generate(root, 4); err != nil {
		t.Fatal(err)
	}
	out, cacheDir := t.TempDir(), t.TempDir()
	// build runs a cached build and returns the bots it left alone.
	build := func(t *testing.T, environ ...string) []string {
		t.Helper()
		res, err := Run(context.Background(), Request{Mode: Write, Dirs: []string{filepath.Join(root, "...")}, OutDir: out, Environ: append([]string{EnvCache + "=" + cacheDir}, environ...)})
		if err != nil || len(res.Diagnostics) > 0 {
			t.Fatalf("build: %v %s", err, res.Diagnostics)
		}
		var cached []string
		for _, b := range res.Bots {
			if b.Cached {
				cached = append(cached, filepath.Base(b.Dir))
				if len(b.Changed) != 0 {
					t.Errorf("cached bot %s reports changes %v", b.Label, b.Changed)
				}
			}
		}
		want := t.TempDir()
		runBuild(t, Write, root, want, environ...)
		if !maps.EqualFunc(readTree(t, out), readTree(t, want), func(a, b []byte) bool { return string(a) == string(b) }) {
			t.Error("the output folder differs from a build without the cache")
		}
		return cached
	}
	expect := func(t *testing.T, got []string, want ...string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("cached bots %v, want %v", got, want)
		}
	}
	all := []string{"bot_00000", "bot_00001", "bot_00002", "bot_00003"}
	expect(t, build(t))
	expect(t, build(t), all...)

	// One bot's file changes; another's output is edited by hand.
	edit := filepath.Join(root, "bot_00001", "bot.xo.hcl")
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
	expect(t, build(t), "bot_00000", "bot_00003")
	expect(t, build(t), all...)

	// Another value for the run: nothing is left alone.
	expect(t, build(t, "XOC_VAR_brand=x"))
}

// TestCompareDoesNotUseTheCache: build --check compares every bot, even
// those the cache knows to be up to date.
func TestCompareDoesNotUseTheCache(t *testing.T) {
	root := t.TempDir()
	if err := benchws.Generate(root, 2); err != nil {
		t.Fatal(err)
	}
	out, cacheDir := t.TempDir(), t.TempDir()
	req := Request{Mode: Write, Dirs: []string{filepath.Join(root, "...")}, OutDir: out, Environ: []string{EnvCache + "=" + cacheDir}}
	for range 2 {
		if _, err := Run(context.Background(), req); err != nil {
			t.Fatal(err)
		}
	}
	compare := req
	compare.Mode = Compare
	res, err := Run(context.Background(), compare)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range res.Bots {
		if b.Cached {
			t.Errorf("build --check took %s from the cache", b.Dir)
		}
	}
}

// TestBuildCacheFolder: the cache lives under XDG_CACHE_HOME or HOME, and
// without either (or with XOC_CACHE=off) there is none.
func TestBuildCacheFolder(t *testing.T) {
	home, xdg := t.TempDir(), t.TempDir()
	for _, c := range []struct {
		env  []string
		want string
	}{
		{[]string{"HOME=" + home}, filepath.Join(home, ".cache", "xoc")},
		{[]string{"HOME=" + home, "XDG_CACHE_HOME=" + xdg}, filepath.Join(xdg, "xoc")},
		{[]string{"HOME=" + home, "XOC_CACHE=off"}, ""},
		{[]string{"XDG_CACHE_HOME=relative"}, ""},
		{nil, ""},
	} {
		getenv := func(key string) string {
			for _, kv := range c.env {
				if k, v, _ := strings.Cut(kv, "="); k == key {
					return v
				}
			}
			return ""
		}
		if got := cacheFolder(getenv); got != c.want {
			t.Errorf("%v: cache in %q, want %q", c.env, got, c.want)
		}
	}
}
