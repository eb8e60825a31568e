package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// When XOC_TEST_GUARDED_MAIN is set, the test binary runs as xoc itself,
// with the memory guard at 64 MiB, on the arguments after "--".
func init() {
	if os.Getenv("XOC_TEST_GUARDED_MAIN") == "" {
		return
	}
	for i, a := range os.Args {
		if a == "--" {
			os.Args = append([]string{"xoc"}, os.Args[i+1:]...)
			break
		}
	}
	os.Exit(guarded(64 << 20))
}

// TestMemoryGuardStopsAHugeValue runs xoc, as a process of its own, on a
// bot whose description nests for expressions over ranges: a billion
// elements that no bound of the compiler sees before
// they exist. The guard stops it with a message and exit 1 instead of
// Go's fatal out-of-memory error.
func TestMemoryGuardStopsAHugeValue(t *testing.T) {
	dir := t.TempDir()
	src := `bot "huge" {
  description = "${length([for a in range(1000): [for b in range(1000): [for c in range(1000): "x"]]])}"
}
`
	if err := os.WriteFile(filepath.Join(dir, "bot.xo.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "validate", dir)
	cmd.Env = append(os.Environ(), "XOC_TEST_GUARDED_MAIN=1", "GOMEMLIMIT=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if code != exitConfig || !strings.Contains(stderr.String(), "xoc: stopped:") || strings.Contains(stderr.String(), "goroutine") {
		t.Fatalf("exit %d, want %d with the guard's message:\n%s", code, exitConfig, stderr.String())
	}
}
