package safefile

import (
	"fmt"
	"io/fs"
	"os"
)

// ReadFileIn reads name, a path inside root, as ReadFile reads a path: a
// regular file only, opened non-blocking, of at most limit bytes. Links
// are followed while they stay inside root, and one that leads out of it
// is an error (see os.Root): a file of a directory may be a link to
// another file of the directory, never to /dev/zero.
func ReadFileIn(root *os.Root, name string, limit int64) ([]byte, fs.FileInfo, error) {
	before, err := root.Stat(name)
	if err != nil {
		return nil, nil, err
	}
	if !before.Mode().IsRegular() {
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	f, err := root.OpenFile(name, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	if info.Size() > limit {
		return nil, nil, fmt.Errorf("%s: %w (%d bytes, at most %d)", name, ErrTooLarge, info.Size(), limit)
	}
	data, err := readAtMost(f, info.Size(), limit)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return data, info, nil
}
