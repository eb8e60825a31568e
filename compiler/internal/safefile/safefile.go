// Package safefile opens files that a build only means to read, such as
// the files of an output folder it compares, so that whatever was put in
// their place cannot hang or exhaust it: a FIFO, a device, a symbolic
// link to /dev/zero. Only a regular file is read, never past a limit.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrNotRegular is the error of a path that is not a regular file (or,
// where links are not followed, is a symbolic link).
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is the error of a file longer than the limit of a read.
var ErrTooLarge = errors.New("file too large")

// Open opens path for reading when it is a regular file, and returns it
// with what its stat says. With followLinks false, a symbolic link is
// refused: it is seen with Lstat and opened with O_NOFOLLOW. The file is
// opened non-blocking, so that a FIFO put in its place after the check
// cannot block the open; its stat, taken from the open file, must say
// it is regular too.
func Open(path string, followLinks bool) (*os.File, fs.FileInfo, error) {
	stat, flags := os.Stat, openFlags
	if !followLinks {
		stat, flags = os.Lstat, openFlags|noFollowFlag
	}
	before, err := stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !before.Mode().IsRegular() {
		return nil, nil, &fs.PathError{Op: "open", Path: path, Err: ErrNotRegular}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|flags, 0)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = &fs.PathError{Op: "open", Path: path, Err: ErrNotRegular}
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

// ReadFile reads a regular file (see Open) of at most limit bytes. The
// stat it returns was taken before the read, from the open file: a
// change made while reading changes the file's change time after it.
func ReadFile(path string, followLinks bool, limit int64) ([]byte, fs.FileInfo, error) {
	f, info, err := Open(path, followLinks)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	if info.Size() > limit {
		return nil, nil, fmt.Errorf("%s: %w (%d bytes, at most %d)", path, ErrTooLarge, info.Size(), limit)
	}
	data, err := readAtMost(f, info.Size(), limit)
	if errors.Is(err, ErrTooLarge) {
		err = fmt.Errorf("%s: %w (more than %d bytes)", path, err, limit)
	}
	if err != nil {
		return nil, nil, err
	}
	return data, info, nil
}

// readAtMost reads r to its end into a buffer of the expected size, and
// fails once it holds more than limit bytes: the file may grow while it
// is read.
func readAtMost(r io.Reader, size, limit int64) ([]byte, error) {
	data := make([]byte, 0, min(size, limit)+1)
	for {
		if len(data) == cap(data) {
			if int64(len(data)) > limit {
				return nil, ErrTooLarge
			}
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(len(data)) > limit {
		return nil, ErrTooLarge
	}
	return data, nil
}
