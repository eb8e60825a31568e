//go:build linux || darwin

package cache

import (
	"os"
	"syscall"
	"testing"
	"time"
)

// TestLookupReadsOnlyRegularFiles: a FIFO put in place of a file the bot
// read (its icon) is a miss, found without opening it for a blocking
// read. The watchdog only keeps a regression from hanging the suite.
func TestLookupReadsOnlyRegularFiles(t *testing.T) {
	f := newFixture(t)
	ix := f.index(t)
	key := f.key(t, f.inputs())
	if err := ix.Put(key, f.label, nil, []File{{Path: f.icon}}, f.wrote(t, f.label)); err != nil {
		t.Fatal(err)
	}
	if err := ix.Save(); err != nil {
		t.Fatal(err)
	}
	os.Remove(f.icon)
	if err := syscall.Mkfifo(f.icon, 0o644); err != nil {
		t.Fatal(err)
	}
	found := make(chan bool, 1)
	go func() {
		_, ok := f.index(t).Lookup(key)
		found <- ok
	}()
	select {
	case ok := <-found:
		if ok {
			t.Error("a FIFO in place of the icon was taken for it")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the lookup did not end with a FIFO in place of the icon")
	}
}
