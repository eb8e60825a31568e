package config

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoadNeedsABotDirectory(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"a/bot.xo.hcl", "b/readme.md"} {
		path := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
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
