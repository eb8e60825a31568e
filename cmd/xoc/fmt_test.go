package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fmtRun runs xoc in-process and returns its exit code and output.
func fmtRun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errOut, []string{"NO_COLOR=1"})
	return code, out.String(), errOut.String()
}

// fmtExample copies an example bot into a temporary directory and returns
// the directory and the canonical text of its stripe.xo.hcl, whose copy
// is put out of shape.
func fmtExample(t *testing.T) (dir, canonical string) {
	t.Helper()
	src := "../../examples/stripe-pre-authorized"
	dir = t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "stripe.xo.hcl" {
			canonical = string(data)
			data = []byte(unformat(canonical))
		}
		fmtWriteFile(t, filepath.Join(dir, e.Name()), string(data))
	}
	if canonical == "" {
		t.Fatal("the example has no stripe.xo.hcl")
	}
	return dir, canonical
}

var attrLine = regexp.MustCompile(`^(\s*)([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*`)

// unformat undoes the canonical style of a file without heredocs: no
// indentation, ragged "=", doubled blank lines, identifier labels.
func unformat(src string) string {
	var b strings.Builder
	for i, line := range strings.Split(src, "\n") {
		line = strings.TrimLeft(line, " ")
		if m := attrLine.FindStringSubmatch(line); m != nil {
			line = m[2] + strings.Repeat(" ", i%3) + "=" + strings.Repeat(" ", (i+1)%3) + line[len(m[0]):]
		}
		line = strings.Replace(line, `template "list_customers"`, "template list_customers", 1)
		if line == "" {
			line = "\n  "
		}
		b.WriteString(line + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func fmtWriteFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func fmtReadFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestFmtCheckThenFix(t *testing.T) {
	dir, canonical := fmtExample(t)
	bad := filepath.Join(dir, "stripe.xo.hcl")
	before := fmtReadFile(t, bad)
	if before == canonical {
		t.Fatal("unformat left the file canonical")
	}
	others := map[string]string{}
	for _, name := range []string{"bot.xo.hcl", "variables.xo.hcl"} {
		others[name] = fmtReadFile(t, filepath.Join(dir, name))
	}

	code, stdout, stderr := fmtRun(t, "fmt", "--check", dir)
	if code != exitConfig {
		t.Fatalf("fmt --check: exit %d, want %d\n%s", code, exitConfig, stderr)
	}
	if stdout != bad+"\n" {
		t.Errorf("fmt --check: stdout %q, want the file's name", stdout)
	}
	if !strings.Contains(stderr, "would rewrite 1 file") {
		t.Errorf("fmt --check: stderr does not say what to do:\n%s", stderr)
	}
	if got := fmtReadFile(t, bad); got != before {
		t.Fatal("fmt --check changed the file")
	}

	code, stdout, stderr = fmtRun(t, "fmt", dir)
	if code != exitOK {
		t.Fatalf("fmt: exit %d\n%s", code, stderr)
	}
	if stdout != bad+"\n" {
		t.Errorf("fmt: stdout %q, want the rewritten file's name", stdout)
	}
	if got := fmtReadFile(t, bad); got != canonical {
		t.Errorf("fmt did not restore the canonical file; got\n%s", got)
	}
	for name, want := range others {
		if got := fmtReadFile(t, filepath.Join(dir, name)); got != want {
			t.Errorf("fmt changed the formatted file %s", name)
		}
	}

	code, stdout, stderr = fmtRun(t, "fmt", "--check", dir)
	if code != exitOK || stdout != "" {
		t.Errorf("fmt --check after fmt: exit %d, stdout %q\n%s", code, stdout, stderr)
	}
	code, stdout, _ = fmtRun(t, "fmt", dir)
	if code != exitOK || stdout != "" {
		t.Errorf("fmt of formatted files: exit %d, stdout %q", code, stdout)
	}
	// The formatted bot still loads.
	if code, _, stderr := fmtRun(t, "validate", dir); code != exitOK {
		t.Errorf("validate after fmt: exit %d\n%s", code, stderr)
	}
}

func TestFmtDiff(t *testing.T) {
	dir, canonical := fmtExample(t)
	bad := filepath.Join(dir, "stripe.xo.hcl")
	before := fmtReadFile(t, bad)

	code, checkDiff, stderr := fmtRun(t, "fmt", "--check", "--diff", dir)
	if code != exitConfig {
		t.Fatalf("fmt --check --diff: exit %d, want %d\n%s", code, exitConfig, stderr)
	}
	for _, want := range []string{"--- " + bad + "\n", "+++ " + bad + "\n", "\n@@ -1,", "\n-template list_customers {}\n", "\n+  template \"list_customers\" {}\n"} {
		if !strings.Contains(checkDiff, want) {
			t.Errorf("fmt --check --diff: no %q in\n%s", want, checkDiff)
		}
	}
	if got := fmtReadFile(t, bad); got != before {
		t.Fatal("fmt --check --diff changed the file")
	}

	// Without --check, --diff shows the same diff and writes.
	code, writeDiff, stderr := fmtRun(t, "fmt", "--diff", dir)
	if code != exitOK {
		t.Fatalf("fmt --diff: exit %d\n%s", code, stderr)
	}
	if writeDiff != checkDiff {
		t.Errorf("fmt --diff printed a different diff:\n%s", writeDiff)
	}
	if got := fmtReadFile(t, bad); got != canonical {
		t.Error("fmt --diff did not write the formatted file")
	}
}

func TestFmtWalksDirectories(t *testing.T) {
	root := t.TempDir()
	const bad = "bot  \"x\"  {\nname=\"X\"\n}\n"
	const good = "bot \"x\" {\n  name = \"X\"\n}\n"
	const badJSON = "{\"bot\":{\"x\":{  \"name\":\"X\"}}}"
	for _, name := range []string{"top.xo.hcl", "a/b/nested.xo.hcl", "a/testdata/td.xo.hcl", ".hidden/h.xo.hcl", "a/.git/g.xo.hcl", "a/.backup.xo.hcl", "a/nested.xo.hcl~"} {
		fmtWriteFile(t, filepath.Join(root, name), bad)
	}
	fmtWriteFile(t, filepath.Join(root, "a/bot.xo.json"), badJSON)

	code, stdout, stderr := fmtRun(t, "fmt", root)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var want []string
	for _, name := range []string{"a/b/nested.xo.hcl", "a/testdata/td.xo.hcl", "top.xo.hcl"} {
		path := filepath.Join(root, name)
		want = append(want, path)
		if got := fmtReadFile(t, path); got != good {
			t.Errorf("%s not formatted: %q", name, got)
		}
	}
	if got := strings.Join(want, "\n") + "\n"; stdout != got {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, got)
	}
	for _, name := range []string{".hidden/h.xo.hcl", "a/.git/g.xo.hcl", "a/.backup.xo.hcl", "a/nested.xo.hcl~"} {
		if got := fmtReadFile(t, filepath.Join(root, name)); got != bad {
			t.Errorf("%s was formatted; hidden and backup files are skipped", name)
		}
	}
	if got := fmtReadFile(t, filepath.Join(root, "a/bot.xo.json")); got != badJSON {
		t.Error("a JSON file was changed")
	}
}

func TestFmtDefaultsToCurrentDirectory(t *testing.T) {
	dir := t.TempDir()
	fmtWriteFile(t, filepath.Join(dir, "bot.xo.hcl"), "bot \"x\" {\nname=\"X\"\n}\n")
	t.Chdir(dir)
	code, stdout, stderr := fmtRun(t, "fmt")
	if code != exitOK || stdout != "bot.xo.hcl\n" {
		t.Errorf("exit %d, stdout %q\n%s", code, stdout, stderr)
	}
}

func TestFmtSyntaxError(t *testing.T) {
	dir := t.TempDir()
	const broken = "bot \"x\" {\n    name \"X\"\n}\n"
	brokenPath := filepath.Join(dir, "broken.xo.hcl")
	otherPath := filepath.Join(dir, "other.xo.hcl")
	fmtWriteFile(t, brokenPath, broken)
	fmtWriteFile(t, otherPath, "variable  \"k\"  {\nsensitive=true\n}\n")

	code, stdout, stderr := fmtRun(t, "fmt", "--check", dir)
	if code != exitConfig {
		t.Errorf("fmt --check: exit %d, want %d", code, exitConfig)
	}
	if stdout != otherPath+"\n" {
		t.Errorf("fmt --check: stdout %q, want only the unformatted file", stdout)
	}

	code, stdout, stderr = fmtRun(t, "fmt", dir)
	if code != exitConfig {
		t.Fatalf("fmt: exit %d, want %d\n%s", code, exitConfig, stderr)
	}
	// The block is named, as xoc validate names it.
	for _, want := range []string{"Error: Invalid block definition", "on " + brokenPath + ` line 2, in bot "x":`, `name "X"`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if got := fmtReadFile(t, brokenPath); got != broken {
		t.Errorf("the file with a syntax error was changed: %q", got)
	}
	// The other file is still formatted, as gofmt does.
	if stdout != otherPath+"\n" || fmtReadFile(t, otherPath) != "variable \"k\" {\n  sensitive = true\n}\n" {
		t.Errorf("the file without errors was not formatted; stdout %q", stdout)
	}
}

func TestFmtBadPaths(t *testing.T) {
	dir := t.TempDir()
	fmtWriteFile(t, filepath.Join(dir, "notes.txt"), "")
	for _, arg := range []string{filepath.Join(dir, "missing"), filepath.Join(dir, "notes.txt")} {
		code, _, stderr := fmtRun(t, "fmt", arg)
		if code != exitUsage {
			t.Errorf("fmt %s: exit %d, want %d", arg, code, exitUsage)
		}
		if !strings.Contains(stderr, arg) {
			t.Errorf("fmt %s: the message does not name the path:\n%s", arg, stderr)
		}
	}
}

func TestFmtNamedFiles(t *testing.T) {
	dir := t.TempDir()
	const bad = "a=1\nbbb=2\n"
	hcl := filepath.Join(dir, "template.hcl")
	json := filepath.Join(dir, "bot.xo.json")
	fmtWriteFile(t, hcl, bad)
	fmtWriteFile(t, json, "{ }")
	code, stdout, stderr := fmtRun(t, "fmt", hcl, json)
	if code != exitOK || stdout != hcl+"\n" {
		t.Fatalf("exit %d, stdout %q\n%s", code, stdout, stderr)
	}
	if got := fmtReadFile(t, hcl); got != "a   = 1\nbbb = 2\n" {
		t.Errorf("named *.hcl file: %q", got)
	}
	if got := fmtReadFile(t, json); got != "{ }" {
		t.Errorf("named JSON file changed: %q", got)
	}
}

// TestFmtHidesKeysAndSpecialFiles: the source lines of a syntax error show
// a key written in the file masked, and a FIFO named like a configuration
// file is reported instead of blocking fmt.
func TestFmtHidesKeysAndSpecialFiles(t *testing.T) {
	const canary = "sk_test_CANARY4eC39HqLyjWDarjtT1zdp7"
	dir := t.TempDir()
	fmtWriteFile(t, filepath.Join(dir, "broken.xo.hcl"), "bot \"x\" {\n  description = \""+canary+"\" oops\n}\n")
	code, stdout, stderr := fmtRun(t, "fmt", "--check", dir)
	if code != exitConfig || !strings.Contains(stderr, "Error:") {
		t.Fatalf("exit %d, want %d with the syntax error:\n%s", code, exitConfig, stderr)
	}
	if strings.Contains(stdout+stderr, canary) || strings.Contains(stdout+stderr, "CANARY4eC39") {
		t.Errorf("fmt shows the key:\n%s%s", stdout, stderr)
	}

	fifo := filepath.Join(t.TempDir(), "pipe.xo.hcl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		code, _, stderr = fmtRun(t, "fmt", "--check", fifo)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("fmt blocks on a FIFO")
	}
	if code == 0 || !strings.Contains(stderr, "pipe.xo.hcl") {
		t.Errorf("exit %d, want an error naming the FIFO:\n%s", code, stderr)
	}
}
