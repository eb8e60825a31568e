package format

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
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

func TestFiles(t *testing.T) {
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
			got, err := Files(tt.paths)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Files(%q) mismatch (-want +got):\n%s", tt.paths, diff)
			}
		})
	}

	t.Run("a missing path is an error", func(t *testing.T) {
		_, err := Files(in("nope"))
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("got %v, want an error wrapping fs.ErrNotExist", err)
		}
	})
	t.Run("a named file that is not HCL is an error", func(t *testing.T) {
		_, err := Files(in("other/not-config.txt"))
		if err == nil || errors.Is(err, fs.ErrNotExist) {
			t.Errorf("got %v, want an error about the file type", err)
		}
	})
}

func TestFilesSkipsSymlinks(t *testing.T) {
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
	got, err := Files([]string{filepath.Join(dir, "real")})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join(dir, "real", "a.xo.hcl")}; !cmp.Equal(want, got) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bot.xo.hcl")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "new\n" {
		t.Errorf("content %q, want %q", got, "new\n")
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestWriteFileThroughSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "target.xo.hcl")
	link := filepath.Join(dir, "link.xo.hcl")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file (%v)", err)
	}
	if got, _ := os.ReadFile(target); string(got) != "new\n" {
		t.Errorf("target content %q, want %q", got, "new\n")
	}
}
