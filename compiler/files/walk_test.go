package files

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// walked runs Walk and returns the paths it visits, relative to root.
func walked(t *testing.T, root string, visit func(path string, entry fs.DirEntry) error) []string {
	t.Helper()
	var got []string
	err := Walk(root, func(path string, entry fs.DirEntry) error {
		got = append(got, relSlash(t, root, path))
		if visit != nil {
			return visit(path, entry)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// relSlash returns path relative to root, with forward slashes.
func relSlash(t *testing.T, root, path string) string {
	t.Helper()
	rel, err := filepath.Rel(root, path)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(rel)
}

// symlink makes a symbolic link, or skips the test where that needs
// privileges.
func symlink(t *testing.T, target, link string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// xoc fmt listed its files with filepath.WalkDir before Walk: the order,
// in which a directory's files and subdirectories interleave by name, is
// the one it printed them in.
func TestWalkOrderIsWalkDirs(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"b.xo.hcl":        "",
		"a/x.xo.hcl":      "",
		"a-b/y.xo.hcl":    "",
		"a/_z/z.xo.hcl":   "",
		"a/deeper/w.txt":  "",
		"c/empty/.keep":   "",
		"_first.xo.hcl":   "",
		"zzz/last.xo.hcl": "",
	})
	var want []string
	err := filepath.WalkDir(root, func(path string, _ fs.DirEntry, err error) error {
		if path != root {
			want = append(want, relSlash(t, root, path))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got := walked(t, root, nil)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Walk's order differs from filepath.WalkDir's (-WalkDir +Walk):\n%s", diff)
	}
	if got[0] != "_first.xo.hcl" || got[1] != "a" || got[len(got)-1] != "zzz/last.xo.hcl" {
		t.Errorf("order %q: want lexical, depth first", got)
	}
}

func TestWalkSkipDirLeavesTheDirectoryUnread(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"skip/inner/a.xo.hcl": "", "skip.xo.hcl": "", "z/b.xo.hcl": ""})
	got := walked(t, root, func(path string, entry fs.DirEntry) error {
		if entry.Name() != "skip" {
			return nil
		}
		// Were Walk to read the directory after all, it would fail.
		if err := os.RemoveAll(path); err != nil {
			t.Fatal(err)
		}
		return fs.SkipDir
	})
	if want := []string{"skip", "skip.xo.hcl", "z", "z/b.xo.hcl"}; !cmp.Equal(want, got) {
		t.Errorf("visited %q, want %q", got, want)
	}
}

func TestWalkSkipDirOnAFileDoesNothing(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"a.xo.hcl": "", "b.xo.hcl": "", "c/d.xo.hcl": ""})
	got := walked(t, root, func(string, fs.DirEntry) error { return fs.SkipDir })
	if want := []string{"a.xo.hcl", "b.xo.hcl", "c"}; !cmp.Equal(want, got) {
		t.Errorf("visited %q, want %q", got, want)
	}
}

func TestWalkDoesNotFollowSymlinks(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"root/a.xo.hcl": "", "elsewhere/b.xo.hcl": ""})
	root := filepath.Join(dir, "root")
	symlink(t, filepath.Join(dir, "elsewhere"), filepath.Join(root, "linkdir"))
	symlink(t, root, filepath.Join(root, "loop")) // a cycle, were it followed
	symlink(t, filepath.Join(dir, "elsewhere", "b.xo.hcl"), filepath.Join(root, "link.xo.hcl"))
	types := map[string]fs.FileMode{}
	got := walked(t, root, func(path string, entry fs.DirEntry) error {
		types[entry.Name()] = entry.Type()
		return nil
	})
	if want := []string{"a.xo.hcl", "link.xo.hcl", "linkdir", "loop"}; !cmp.Equal(want, got) {
		t.Errorf("visited %q, want %q", got, want)
	}
	for _, name := range []string{"link.xo.hcl", "linkdir", "loop"} {
		if types[name] != fs.ModeSymlink {
			t.Errorf("%s visited as %v, want a symbolic link", name, types[name])
		}
	}
}

func TestWalkFollowsALinkGivenAsRoot(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"real/a.xo.hcl": ""})
	link := filepath.Join(dir, "link")
	symlink(t, filepath.Join(dir, "real"), link)
	if got, want := walked(t, link, nil), []string{"a.xo.hcl"}; !cmp.Equal(want, got) {
		t.Errorf("visited %q, want %q", got, want)
	}
}

func TestWalkNamesADirectoryItCannotRead(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"a/gone/b.xo.hcl": "", "z.xo.hcl": ""})
	gone := filepath.Join(root, "a", "gone")
	var visited []string
	err := Walk(root, func(path string, entry fs.DirEntry) error {
		visited = append(visited, relSlash(t, root, path))
		if path == gone {
			// Removed between the listing of a and its own reading,
			// which fails whoever runs the test (root reads any mode).
			return os.RemoveAll(path)
		}
		return nil
	})
	var pathErr *fs.PathError
	if !errors.As(err, &pathErr) || pathErr.Path != gone || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("got %v, want the *fs.PathError of %s", err, gone)
	}
	if want := []string{"a", "a/gone"}; !cmp.Equal(want, visited) {
		t.Errorf("visited %q after the error, want to stop at %q", visited, want)
	}

	missing := filepath.Join(root, "missing")
	if err := Walk(missing, nil); !errors.As(err, &pathErr) || pathErr.Path != missing {
		t.Errorf("a missing root: got %v, want the *fs.PathError of %s", err, missing)
	}
}

func TestWalkStopsAtVisitsError(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"a.xo.hcl": "", "b/c.xo.hcl": "", "d.xo.hcl": ""})
	stop := errors.New("stop")
	var visited []string
	err := Walk(root, func(path string, entry fs.DirEntry) error {
		visited = append(visited, entry.Name())
		if entry.Name() == "b" {
			return stop
		}
		return nil
	})
	if err != stop {
		t.Errorf("got %v, want visit's error as it is", err)
	}
	if want := []string{"a.xo.hcl", "b"}; !cmp.Equal(want, visited) {
		t.Errorf("visited %q, want %q", visited, want)
	}
}

// unreadableDir makes an empty directory that cannot be read, or skips
// the test when permissions do not stop the reader, as for root.
func unreadableDir(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(path, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	// Else t.TempDir cannot remove it.
	t.Cleanup(func() { os.Chmod(path, 0o755) })
	if _, err := os.ReadDir(path); err == nil {
		t.Skip("permissions do not stop this user from reading a directory")
	}
}
