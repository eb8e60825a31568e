package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xoc-dev/xoc/compiler/output"
)

// TestBuildSaysWhyItWaits: a build into a folder another build holds says
// so on stderr, then waits, and finishes once the folder is free.
func TestBuildSaysWhyItWaits(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	held, err := output.LockFolder(context.Background(), out, 0)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result)
	go func() {
		code, stdout, stderr := xoc(t, []string{"XOC_CACHE=off"}, "build", "--out", out, filepath.Join(examples, "stripe-pre-authorized"))
		done <- result{code, stdout, stderr}
	}()
	// The build cannot end while the folder is held; release it after a
	// moment, whatever the build has printed by then.
	select {
	case r := <-done:
		t.Fatalf("the build ended while another held the folder: exit %d\n%s", r.code, r.stderr)
	case <-time.After(300 * time.Millisecond):
	}
	held.Release()
	r := <-done
	if r.code != 0 {
		t.Fatalf("exit %d:\n%s", r.code, r.stderr)
	}
	want := "xoc: another xoc build (pid "
	if !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "waiting for it to finish") {
		t.Errorf("stderr does not say why the build waited:\n%s", r.stderr)
	}
}
