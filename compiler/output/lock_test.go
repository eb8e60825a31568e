//go:build linux || darwin

package output

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLockKeepsBuildsApart: one build writes an output folder at a time;
// the others wait, or, past their wait, fail naming the one that writes.
// Builds that only read share the folder.
func TestLockKeepsBuildsApart(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "out")
	writer, err := LockFolder(ctx, root, 0)
	if err != nil {
		t.Fatal(err)
	}
	for what, lock := range map[string]func() (*Lock, error){
		"a writer": func() (*Lock, error) { return LockFolder(ctx, root, 0) },
		"a reader": func() (*Lock, error) { return LockForReading(ctx, root, 0) },
	} {
		_, err := lock()
		var busy *BusyError
		if !errors.As(err, &busy) || busy.PID != os.Getpid() || !strings.Contains(err.Error(), "pid "+strconv.Itoa(os.Getpid())) {
			t.Errorf("%s took the folder of a writer: %v", what, err)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := LockFolder(cancelled, root, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled wait: %v", err)
	}

	// A build waiting gets the folder when the writer is done.
	waited := make(chan error)
	go func() {
		l, err := LockFolder(ctx, root, time.Hour)
		if err == nil {
			l.Release()
		}
		waited <- err
	}()
	writer.Release()
	if err := <-waited; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, holderFile)); !os.IsNotExist(err) {
		t.Errorf("the holder file outlived the lock: %v", err)
	}

	// Readers share; a writer waits for them.
	r1, err := LockForReading(ctx, root, 0)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := LockForReading(ctx, root, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LockFolder(ctx, root, 0); err == nil || !strings.HasPrefix(err.Error(), "another xoc build is using "+root) {
		t.Errorf("a writer took the folder of readers: %v", err)
	}
	r1.Release()
	r2.Release()
	if l, err := LockForReading(ctx, filepath.Join(root, "missing"), 0); err != nil {
		t.Errorf("reading a folder that does not exist: %v", err)
	} else {
		l.Release()
	}
}
