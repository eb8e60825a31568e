//go:build linux || darwin

package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/xoc-dev/xoc/internal/benchws"
)

// TestSpecialFilesInOutput plants a link to /dev/zero and a FIFO in place
// of a committed export file. A build must neither follow nor read them
// (either would never end): build replaces the file, build --check names
// it as changed. The watchdog only keeps a regression from hanging the
// suite.
func TestSpecialFilesInOutput(t *testing.T) {
	root := workspace(t, 1)
	label := benchws.Label(0)
	want := t.TempDir()
	runBuild(t, Write, root, want, EnvCache+"=off")
	plants := map[string]func(path string) error{
		"a link to /dev/zero": func(path string) error { return os.Symlink("/dev/zero", path) },
		"a FIFO":              func(path string) error { return syscall.Mkfifo(path, 0o644) },
	}
	for what, plant := range plants {
		for _, mode := range []Mode{Write, Compare} {
			t.Run(what+map[Mode]string{Write: ", build", Compare: ", build --check"}[mode], func(t *testing.T) {
				out, cacheDir := t.TempDir(), t.TempDir()
				environ := []string{EnvCache + "=" + cacheDir}
				runBuild(t, Write, root, out, environ...)
				planted := filepath.Join(out, label, "botDefinition.json")
				if err := os.Remove(planted); err != nil {
					t.Fatal(err)
				}
				if err := plant(planted); err != nil {
					t.Fatal(err)
				}
				var res *Result
				done := make(chan error, 1)
				go func() {
					var err error
					res, err = Run(context.Background(), Request{Mode: mode, Dirs: []string{filepath.Join(root, "...")}, OutDir: out, Environ: environ})
					done <- err
				}()
				select {
				case err := <-done:
					if err != nil || res.Diagnostics.HasErrors() {
						t.Fatalf("%v %s", err, res.Diagnostics)
					}
				case <-time.After(10 * time.Second):
					t.Fatalf("the build did not end with %s in its output folder", what)
				}
				if mode == Compare {
					wantDiff := Difference{Name: filepath.ToSlash(planted), Kind: "changed"}
					if len(res.Differences) != 1 || res.Differences[0] != wantDiff {
						t.Errorf("differences %v, want %v", res.Differences, wantDiff)
					}
					return
				}
				info, err := os.Lstat(planted)
				if err != nil || !info.Mode().IsRegular() {
					t.Fatalf("the build left %v (%v) in place of the export", info, err)
				}
				got, _ := os.ReadFile(planted)
				if wantData, _ := os.ReadFile(filepath.Join(want, label, "botDefinition.json")); !bytes.Equal(got, wantData) {
					t.Error("the build wrote another botDefinition.json")
				}
			})
		}
	}
}
