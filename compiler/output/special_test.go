//go:build linux || darwin

package output

import (
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
)

// TestOnlyRegularFilesAreRead plants, in a committed folder, a link to a
// file of the right bytes, a link to /dev/zero, a FIFO of a name the
// build writes and one of a name it does not. The comparison follows no
// link and opens no FIFO (either could block it or never end): each is a
// difference, and the commit replaces them.
func TestOnlyRegularFilesAreRead(t *testing.T) {
	root := t.TempDir()
	want := files("linked.json", "1", "zero.json", "2", "fifo.json", "3")
	commit(t, root, map[string][]File{"a": want})
	dir := filepath.Join(root, "a")
	for _, name := range []string{"linked.json", "zero.json", "fifo.json"} {
		os.Remove(filepath.Join(dir, name))
	}
	os.WriteFile(filepath.Join(root, "elsewhere"), []byte("1"), 0o644)
	plants := []error{
		os.Symlink(filepath.Join(root, "elsewhere"), filepath.Join(dir, "linked.json")),
		os.Symlink("/dev/zero", filepath.Join(dir, "zero.json")),
		syscall.Mkfifo(filepath.Join(dir, "fifo.json"), 0o644),
		syscall.Mkfifo(filepath.Join(dir, "extra-fifo"), 0o644),
	}
	for _, err := range plants {
		if err != nil {
			t.Fatal(err)
		}
	}
	diffs, err := CheckBot(root, "a", want)
	if err != nil {
		t.Fatal(err)
	}
	wantDiffs := []Difference{
		{filepath.ToSlash(filepath.Join(dir, "extra-fifo")), "extra"},
		{filepath.ToSlash(filepath.Join(dir, "fifo.json")), "changed"},
		{filepath.ToSlash(filepath.Join(dir, "linked.json")), "changed"},
		{filepath.ToSlash(filepath.Join(dir, "zero.json")), "changed"},
	}
	if !reflect.DeepEqual(diffs, wantDiffs) {
		t.Errorf("differences %v\nwant %v", diffs, wantDiffs)
	}
	commit(t, root, map[string][]File{"a": want})
	if got := readTree(t, dir); !reflect.DeepEqual(got, folderOf(want)) {
		t.Errorf("the folder holds %v after the build", got)
	}
}

// TestPrivateFiles: a private file is written 0600, and one of the same
// bytes readable by others is written again.
func TestPrivateFiles(t *testing.T) {
	root := t.TempDir()
	commit(t, root, map[string][]File{"a": files("config.json", "{}", "x.json", "1")})
	private := files("config.json", "{}", "x.json", "1")
	private[0].Private = true
	res := commit(t, root, map[string][]File{"a": private})
	if !reflect.DeepEqual(res[0].Changed, []string{"config.json"}) {
		t.Errorf("changed %v, want config.json", res[0].Changed)
	}
	for name, perm := range map[string]os.FileMode{"config.json": 0o600, "x.json": 0o644 &^ umask()} {
		if info, err := os.Stat(filepath.Join(root, "a", name)); err != nil || info.Mode().Perm() != perm {
			t.Errorf("%s: %v %v, want %v", name, info.Mode().Perm(), err, perm)
		}
	}
	if res := commit(t, root, map[string][]File{"a": private}); len(res[0].Changed) != 0 {
		t.Errorf("a private file written 0600 was written again: %v", res[0].Changed)
	}
}

func umask() os.FileMode {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return os.FileMode(m)
}
