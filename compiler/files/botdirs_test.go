package files

import (
	"errors"
	"io/fs"
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

func TestBotDirs(t *testing.T) {
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
		got, err := BotDirs(c.args)
		if err != nil {
			t.Errorf("%v: %v", c.args, err)
			continue
		}
		if !slices.Equal(rel(got), c.want) {
			t.Errorf("%v = %v, want %v", rel(c.args), rel(got), c.want)
		}
	}
}

func TestBotDirsErrors(t *testing.T) {
	root := dirsTree(t)
	for _, c := range []struct {
		arg, want string
	}{
		{root + "/d/...", "matched no bot directories"},
		{root + "/missing/...", "is not a directory"},
		{root + "/a/bot.xo.hcl/...", "is not a directory"},
	} {
		_, err := BotDirs([]string{c.arg})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.arg, err, c.want)
		}
	}
}

func TestBotDirsDoesNotFollowSymlinks(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"ws/own/bot.xo.hcl":       "",
		"ws/filelink/notes.txt":   "",
		"elsewhere/bot.xo.hcl":    "",
		"elsewhere/sub/b.xo.json": "{}",
	})
	ws := filepath.Join(dir, "ws")
	symlink(t, filepath.Join(dir, "elsewhere"), filepath.Join(ws, "linkdir"))
	symlink(t, ws, filepath.Join(ws, "own", "loop"))
	// A linked file does not make a bot: BotFiles would not list it.
	symlink(t, filepath.Join(dir, "elsewhere", "bot.xo.hcl"), filepath.Join(ws, "filelink", "bot.xo.hcl"))
	got, err := BotDirs([]string{ws + "/..."})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join(ws, "own")}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}

	// The directory of a pattern is followed, as any path named is.
	link := filepath.Join(dir, "wslink")
	symlink(t, ws, link)
	got, err = BotDirs([]string{link + "/..."})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join(link, "own")}; !slices.Equal(got, want) {
		t.Errorf("through a link: got %q, want %q", got, want)
	}
}

func TestBotDirsNamesADirectoryItCannotRead(t *testing.T) {
	root := dirsTree(t)
	locked := filepath.Join(root, "b", "locked")
	unreadableDir(t, locked)
	arg := root + "/..."
	_, err := BotDirs([]string{arg})
	if err == nil || !strings.HasPrefix(err.Error(), "pattern "+arg+": ") || !strings.Contains(err.Error(), locked) || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("got %v, want an error naming the pattern and %s", err, locked)
	}
}

// A directory that a pattern skips is not read: one that cannot be read
// is no error.
func TestBotDirsDoesNotReadSkippedDirectories(t *testing.T) {
	root := dirsTree(t)
	for _, name := range []string{".locked", "_locked", "testdata/locked"} {
		unreadableDir(t, filepath.Join(root, filepath.FromSlash(name)))
	}
	if _, err := BotDirs([]string{root + "/..."}); err != nil {
		t.Error(err)
	}
}
