package main

import (
	"os"
	"testing"
)

// charDevice opens the null device for writing: a character device, which
// color takes for a terminal, so the environment alone decides.
func charDevice(t *testing.T) *os.File {
	t.Helper()
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() { f.Close() })
	if info, err := f.Stat(); err != nil || info.Mode()&os.ModeCharDevice == 0 {
		t.Skipf("%s is not a character device here", os.DevNull)
	}
	return f
}

// TestColorIgnoresProcessEnvironment: NO_COLOR in the process environment
// but not in the app's does not turn colour off; the app reads only the
// environment it was given.
func TestColorIgnoresProcessEnvironment(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	a := &app{stderr: charDevice(t), environ: []string{"TERM=xterm"}}
	if !a.color() {
		t.Error("color() = false on a terminal with no NO_COLOR in the app's environment")
	}
}

// TestColorHonoursNoColor: NO_COLOR in the app's environment turns colour
// off whatever its value, as long as it has one; an empty NO_COLOR is no
// NO_COLOR (no-color.org).
func TestColorHonoursNoColor(t *testing.T) {
	// Make sure the process environment does not decide either way.
	t.Setenv("NO_COLOR", "")
	os.Unsetenv("NO_COLOR")
	for _, value := range []string{"1", "0", "false", " "} {
		a := &app{stderr: charDevice(t), environ: []string{"NO_COLOR=" + value}}
		if a.color() {
			t.Errorf("NO_COLOR=%q: color() = true, want false", value)
		}
	}
	if a := (&app{stderr: charDevice(t), environ: []string{"NO_COLOR="}}); !a.color() {
		t.Error(`NO_COLOR="": color() = false on a terminal, want true`)
	}
	if a := (&app{stderr: charDevice(t)}); !a.color() {
		t.Error("without NO_COLOR: color() = false on a terminal")
	}
}

// TestColorNeedsATerminal: output that is not a terminal gets no colour.
func TestColorNeedsATerminal(t *testing.T) {
	f, err := os.Create(t.TempDir() + "/stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if a := (&app{stderr: f}); a.color() {
		t.Error("color() = true for a regular file")
	}
}
