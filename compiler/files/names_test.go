package files

import (
	"errors"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestIsConfigFile(t *testing.T) {
	for name, want := range map[string]bool{
		"bot.xo.hcl":     true,
		"stripe.xo.json": true,
		"notes.hcl":      false,
		"bot.json":       false,
		"README.md":      false,
		".bot.xo.hcl":    false, // hidden, as format.WriteFile's temporary files are
		"#bot.xo.hcl#":   false, // an Emacs autosave
		"bot.xo.hcl~":    false, // an editor's backup
		"bot.xo.hcl.bak": false,
	} {
		if got := IsConfigFile(name); got != want {
			t.Errorf("IsConfigFile(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestBotFiles(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"b.xo.hcl":            "",
		"a.xo.json":           "{}",
		"c.xo.hcl":            "",
		".hidden.xo.hcl":      "",
		"#b.xo.hcl#":          "",
		"b.xo.hcl~":           "",
		"notes.hcl":           "",
		"dir.xo.hcl/x.txt":    "", // a directory named like a file
		"sub/nested.xo.hcl":   "", // another bot's
		"elsewhere/e.xo.hcl":  "",
		"elsewhere/f.xo.json": "{}",
	})
	symlink(t, filepath.Join(dir, "elsewhere", "e.xo.hcl"), filepath.Join(dir, "link.xo.hcl"))
	got, err := BotFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "a.xo.json"), filepath.Join(dir, "b.xo.hcl"), filepath.Join(dir, "c.xo.hcl")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("BotFiles mismatch (-want +got):\n%s", diff)
	}

	if _, err := BotFiles(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing directory: got %v, want an error wrapping fs.ErrNotExist", err)
	}
	if _, err := BotFiles(filepath.Join(dir, "b.xo.hcl")); err == nil {
		t.Errorf("a file: got no error")
	}
	if got, err := BotFiles(filepath.Join(dir, "sub", "..", "dir.xo.hcl")); err != nil || got != nil {
		t.Errorf("a directory without configuration files: got %q, %v; want none", got, err)
	}
}
