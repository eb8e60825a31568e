package output

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// holderFile, in the output folder, holds the process id of the build
// that writes it, for another build to name while it waits. It goes when
// the build does; a killed build's is overwritten by the next.
const holderFile = ".xoc-lock"

// Lock is a build's hold on an output folder: an advisory lock (flock)
// on the folder itself, so that no file of the lock is left in it. The
// system releases it when the process ends, however it ends.
type Lock struct {
	dir *os.File // the output folder, open: what is locked
	// holder is the holder file this build wrote, or "".
	holder string
}

// BusyError is the error of a lock another build held for longer than
// the wait.
type BusyError struct {
	Root string
	// PID is the process id of the build that writes Root, 0 when not
	// known (a build that only reads it, or one just starting).
	PID    int
	Waited time.Duration
}

func (e *BusyError) Error() string {
	who := "another xoc build"
	if e.PID != 0 {
		who += fmt.Sprintf(" (pid %d)", e.PID)
	}
	return fmt.Sprintf("%s is using %s; waited %v for it to finish", who, e.Root, e.Waited)
}

// LockFolder takes the output folder root, creating it, for a build that
// writes it: no other build that holds a lock on it runs until Release.
// While another build holds it, it waits, at most wait, then fails with a
// *BusyError; ctx cancels the wait.
func LockFolder(ctx context.Context, root string, wait time.Duration) (*Lock, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	l, err := lockFolder(ctx, root, wait, true)
	if err != nil {
		return nil, err
	}
	holder := filepath.Join(root, holderFile)
	if os.WriteFile(holder, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644) == nil {
		l.holder = holder
	}
	return l, nil
}

// LockForReading takes the output folder root for a build that only
// reads it (build --check): builds that write it wait, those that read it
// do not. A folder that does not exist needs no lock: the Lock returned
// then holds none.
func LockForReading(ctx context.Context, root string, wait time.Duration) (*Lock, error) {
	if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
		return &Lock{}, nil
	}
	return lockFolder(ctx, root, wait, false)
}

// pollEvery is the longest pause between two tries at a lock.
const pollEvery = 50 * time.Millisecond

func lockFolder(ctx context.Context, root string, wait time.Duration, exclusive bool) (*Lock, error) {
	dir, err := os.Open(root)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	for pause := time.Millisecond; ; pause = min(2*pause, pollEvery) {
		ok, err := tryLock(dir, exclusive)
		if ok || err != nil {
			if err != nil {
				dir.Close()
				return nil, fmt.Errorf("locking %s: %w", root, err)
			}
			return &Lock{dir: dir}, nil
		}
		if !time.Now().Before(deadline) {
			dir.Close()
			return nil, &BusyError{Root: root, PID: holderPID(root), Waited: wait}
		}
		select {
		case <-ctx.Done():
			dir.Close()
			return nil, ctx.Err()
		case <-time.After(min(pause, time.Until(deadline))):
		}
	}
}

// holderPID reads the process id of the build that writes root; 0 when
// it cannot.
func holderPID(root string) int {
	data, err := os.ReadFile(filepath.Join(root, holderFile))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	return pid
}

// Release gives the folder up, for the next build.
func (l *Lock) Release() {
	if l.holder != "" {
		os.Remove(l.holder)
	}
	if l.dir != nil {
		l.dir.Close() // releases the lock
	}
}
