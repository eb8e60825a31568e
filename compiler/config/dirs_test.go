package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A tree of directories with and without configuration files, and the
// ones a pattern skips.
func dirsTree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, f := range []string{
		"bot.xo.hcl",              // the root itself is a bot
		"a/bot.xo.hcl",            // a bot
		"a/nested/x.xo.json",      // a bot inside a bot directory
		"b/readme.md",             // not a bot
		"b/deeper/c/bot.xo.hcl",   // a bot two levels below a non-bot
		"testdata/bot.xo.hcl",     // skipped, as Go skips testdata
		".hidden/bot.xo.hcl",      // skipped
		"_draft/bot.xo.hcl",       // skipped
		"d/.bot.xo.hcl",           // a hidden file is no configuration
		"d/bot.xo.hcl~",           // nor is an editor's backup
		"e/bot.xo.hcl/inside.txt", // a directory named like a file
	} {
		path := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestExpandDirs(t *testing.T) {
	root := dirsTree(t)
	rel := func(dirs []string) []string {
		var out []string
		for _, d := range dirs {
			r, err := filepath.Rel(root, d)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, filepath.ToSlash(r))
		}
		return out
	}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{root + "/..."}, []string{".", "a", "a/nested", "b/deeper/c"}},
		{[]string{root + "/b/..."}, []string{"b/deeper/c"}},
		// A plain directory is taken as given, even one without files.
		{[]string{root + "/b"}, []string{"b"}},
		// A pattern may name a skipped directory itself.
		{[]string{root + "/testdata/..."}, []string{"testdata"}},
		// Repeats are dropped; each pattern's result is sorted.
		{[]string{root + "/a", root + "/...", root + "/a/..."}, []string{"a", ".", "a/nested", "b/deeper/c"}},
	} {
		got, err := ExpandDirs(c.args)
		if err != nil {
			t.Errorf("%v: %v", c.args, err)
			continue
		}
		if !slices.Equal(rel(got), c.want) {
			t.Errorf("%v = %v, want %v", rel(c.args), rel(got), c.want)
		}
	}
}

func TestExpandDirsErrors(t *testing.T) {
	root := dirsTree(t)
	for _, c := range []struct {
		arg, want string
	}{
		{root + "/d/...", "matched no bot directories"},
		{root + "/missing/...", "is not a directory"},
		{root + "/a/bot.xo.hcl/...", "is not a directory"},
	} {
		_, err := ExpandDirs([]string{c.arg})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.arg, err, c.want)
		}
	}
}

func TestLoadNeedsABotDirectory(t *testing.T) {
	root := dirsTree(t)
	for _, c := range []struct{ dir, summary string }{
		{filepath.Join(root, "a", "bot.xo.hcl"), "Not a bot directory"},
		{filepath.Join(root, "missing"), "Cannot read bot directory"},
		{filepath.Join(root, "b"), "No configuration files"},
	} {
		_, _, diags := Load(c.dir, Inputs{})
		if len(diags) != 1 || diags[0].Summary != c.summary {
			t.Errorf("Load(%s): %v, want one diagnostic %q", c.dir, diags, c.summary)
		}
	}
}
