//go:build linux || darwin

package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "regular")
	if err := os.WriteFile(regular, []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	zero := filepath.Join(dir, "zero")
	fifo := filepath.Join(dir, "fifo")
	for _, err := range []error{os.Symlink(regular, link), os.Symlink("/dev/zero", zero), syscall.Mkfifo(fifo, 0o644)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		path   string
		follow bool
		limit  int64
		want   error
	}{
		{regular, false, 5, nil},
		{regular, false, 4, ErrTooLarge},
		{link, true, 5, nil},
		{link, false, 5, ErrNotRegular},
		{zero, true, 5, ErrNotRegular},
		{zero, false, 5, ErrNotRegular},
		{fifo, true, 5, ErrNotRegular},
		{filepath.Join(dir, "missing"), true, 5, os.ErrNotExist},
	} {
		data, info, err := ReadFile(c.path, c.follow, c.limit)
		if !errors.Is(err, c.want) || (c.want == nil && (string(data) != "12345" || info.Size() != 5)) {
			t.Errorf("ReadFile(%s, follow %t, limit %d) = %q, %v; want %v", filepath.Base(c.path), c.follow, c.limit, data, err, c.want)
		}
	}
}

// TestReadAtMost: a file that grows while read is refused past the limit.
func TestReadAtMost(t *testing.T) {
	f, err := os.Open("/dev/zero")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := readAtMost(f, 0, 1<<20); !errors.Is(err, ErrTooLarge) {
		t.Errorf("reading /dev/zero: %v", err)
	}
}
