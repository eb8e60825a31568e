package files

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// writeTree creates files (path → content) below dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFormatTargets(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"bot.xo.hcl":                "",
		"stripe.xo.json":            "{}",
		"notes.hcl":                 "",
		"README.md":                 "",
		".hidden.xo.hcl":            "",
		"#bot.xo.hcl#":              "",
		"bot.xo.hcl~":               "",
		"sub/a.xo.hcl":              "",
		"sub/deeper/b.xo.hcl":       "",
		"sub/testdata/c.xo.hcl":     "",
		"sub/_private/d.xo.hcl":     "",
		".git/e.xo.hcl":             "",
		"sub/.terraform/f.xo.hcl":   "",
		"other/template.hcl":        "",
		"other/config.xo.json":      "{}",
		"other/not-config.txt":      "",
		".hidden-dir/g.xo.hcl":      "",
		".hidden-dir/deep/h.xo.hcl": "",
	})
	in := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, filepath.Join(dir, filepath.FromSlash(n)))
		}
		return out
	}
	tests := []struct {
		name  string
		paths []string
		want  []string
	}{
		{
			name:  "a directory is walked",
			paths: in("."),
			want:  in("bot.xo.hcl", "sub/_private/d.xo.hcl", "sub/a.xo.hcl", "sub/deeper/b.xo.hcl", "sub/testdata/c.xo.hcl"),
		},
		{
			name:  "DIR/... means DIR",
			paths: []string{filepath.Join(dir, "sub") + "/..."},
			want:  in("sub/_private/d.xo.hcl", "sub/a.xo.hcl", "sub/deeper/b.xo.hcl", "sub/testdata/c.xo.hcl"),
		},
		{
			name:  "a hidden directory named on the command line is walked",
			paths: in(".hidden-dir"),
			want:  in(".hidden-dir/deep/h.xo.hcl", ".hidden-dir/g.xo.hcl"),
		},
		{
			name:  "named files are taken as they are",
			paths: in("other/template.hcl", ".hidden.xo.hcl"),
			want:  in("other/template.hcl", ".hidden.xo.hcl"),
		},
		{
			name:  "named JSON files are left alone",
			paths: in("stripe.xo.json", "other/config.xo.json"),
			want:  nil,
		},
		{
			name:  "repeats are dropped",
			paths: in("sub/a.xo.hcl", "sub", "sub/a.xo.hcl"),
			want:  in("sub/a.xo.hcl", "sub/_private/d.xo.hcl", "sub/deeper/b.xo.hcl", "sub/testdata/c.xo.hcl"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FormatTargets(tt.paths)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FormatTargets(%q) mismatch (-want +got):\n%s", tt.paths, diff)
			}
		})
	}

	t.Run("a missing path is an error", func(t *testing.T) {
		_, err := FormatTargets(in("nope"))
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("got %v, want an error wrapping fs.ErrNotExist", err)
		}
	})
	t.Run("a named file that is not HCL is an error", func(t *testing.T) {
		_, err := FormatTargets(in("other/not-config.txt"))
		if err == nil || errors.Is(err, fs.ErrNotExist) {
			t.Errorf("got %v, want an error about the file type", err)
		}
	})
}

func TestFormatTargetsSkipsSymlinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"real/a.xo.hcl": "", "elsewhere/b.xo.hcl": ""})
	if err := os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(dir, "real", "linkdir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "elsewhere", "b.xo.hcl"), filepath.Join(dir, "real", "link.xo.hcl")); err != nil {
		t.Fatal(err)
	}
	got, err := FormatTargets([]string{filepath.Join(dir, "real")})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join(dir, "real", "a.xo.hcl")}; !cmp.Equal(want, got) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// A directory named on the command line is walked even when it is a
// symbolic link, as a named file is formatted through one; the links met
// during the walk are not followed (TestFormatTargetsSkipsSymlinks).
func TestFormatTargetsFollowsANamedLink(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"real/a.xo.hcl": "", "real/sub/b.xo.hcl": ""})
	link := filepath.Join(dir, "link")
	symlink(t, filepath.Join(dir, "real"), link)
	for _, arg := range []string{link, link + "/..."} {
		got, err := FormatTargets([]string{arg})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{filepath.Join(link, "a.xo.hcl"), filepath.Join(link, "sub", "b.xo.hcl")}; !cmp.Equal(want, got) {
			t.Errorf("%s: got %q, want %q", arg, got, want)
		}
	}
}

func TestFormatTargetsNamesADirectoryItCannotRead(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.xo.hcl": ""})
	locked := filepath.Join(dir, "sub", "locked")
	unreadableDir(t, locked)
	_, err := FormatTargets([]string{dir})
	if err == nil || !strings.Contains(err.Error(), locked) || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("got %v, want an error naming %s", err, locked)
	}
}

// A hidden directory is not read: one that cannot be read is no error.
func TestFormatTargetsDoesNotReadHiddenDirectories(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.xo.hcl": ""})
	unreadableDir(t, filepath.Join(dir, ".locked"))
	got, err := FormatTargets([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join(dir, "a.xo.hcl")}; !cmp.Equal(want, got) {
		t.Errorf("got %q, want %q", got, want)
	}
}
