package build

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The committed exports under out/ are the golden files of the examples:
// `go test ./compiler/build -update` rewrites them (as `make build` does).
var update = flag.Bool("update", false, "rewrite the committed exports in out/")

const testKey = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"

func repoPath(parts ...string) string {
	return filepath.Join(append([]string{"..", ".."}, parts...)...)
}

// runBuild runs a build of every bot below root into out, with the
// environment environ (KEY=value), and fails the test on any error.
func runBuild(t *testing.T, mode Mode, root, out string, environ ...string) *Result {
	t.Helper()
	res, err := Run(context.Background(), Request{Mode: mode, Dirs: []string{filepath.Join(root, "...")}, OutDir: out, Environ: environ})
	if err != nil || res.Diagnostics.HasErrors() {
		t.Fatalf("build: %v %s", err, res.Diagnostics)
	}
	return res
}

func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		data, _ := os.ReadFile(path)
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	return out
}

func TestExamplesMatchCommittedExports(t *testing.T) {
	outDir := repoPath("out")
	if !*update {
		outDir = t.TempDir()
	}
	runBuild(t, Write, repoPath("examples"), outDir)
	if *update {
		return
	}
	got := readTree(t, outDir)
	want := readTree(t, repoPath("out"))
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("out/%s differs from what the build writes (run go test ./compiler/build -update, or make build)", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("out/%s is missing (run make build)", name)
		}
	}
}

// copyTree copies examples/ to dst, so that a build runs from another
// directory.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBuildsAreByteIdenticalAcrossDirectories(t *testing.T) {
	var trees []map[string][]byte
	for i, parallelism := range []int{1, 4} {
		base := filepath.Join(t.TempDir(), strings.Repeat("nested/", i+1))
		copyTree(t, repoPath("examples"), filepath.Join(base, "bots"))
		wd, _ := os.Getwd()
		if err := os.Chdir(base); err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), Request{Mode: Write, Dirs: []string{"bots/..."}, OutDir: "exports", Parallelism: parallelism})
		os.Chdir(wd)
		if err != nil || res.Diagnostics.HasErrors() {
			t.Fatalf("build: %v %s", err, res.Diagnostics)
		}
		trees = append(trees, readTree(t, filepath.Join(base, "exports")))
	}
	if len(trees[0]) == 0 {
		t.Fatal("nothing built")
	}
	for name, data := range trees[0] {
		if !bytes.Equal(trees[1][name], data) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

func TestSecretsStayOutOfExports(t *testing.T) {
	env := "XOC_VAR_stripe_api_key=" + testKey
	plain := t.TempDir()
	runBuild(t, Write, repoPath("examples"), plain, env)
	for name, data := range readTree(t, plain) {
		if bytes.Contains(data, []byte(testKey)) || bytes.Contains(data, []byte(testKey[len(testKey)-12:])) {
			t.Errorf("%s holds the API key", name)
		}
	}

	embedded := t.TempDir()
	res, err := Run(context.Background(), Request{Mode: Write, Dirs: []string{repoPath("examples", "...")}, OutDir: embedded, EmbedSecrets: true, Environ: []string{env}})
	if err != nil || res.Diagnostics.HasErrors() {
		t.Fatalf("build --embed-secrets: %v %s", err, res.Diagnostics)
	}
	// The pre-authorized examples hold the key, each in its config.json.
	preAuthorized := []string{"payments_assistant/config.json", "refunds_desk/config.json"}
	found := 0
	for name, data := range readTree(t, embedded) {
		if !bytes.Contains(data, []byte(testKey)) {
			continue
		}
		found++
		if !slices.Contains(preAuthorized, name) {
			t.Errorf("--embed-secrets put the key into %s; only a pre-authorized bot's config.json may hold it", name)
		}
	}
	if found != len(preAuthorized) {
		t.Errorf("--embed-secrets wrote the key into %d files, want %d (%v)", found, len(preAuthorized), preAuthorized)
	}
}

func TestEmbedSecretsNeedsAValue(t *testing.T) {
	out := t.TempDir()
	res, err := Run(context.Background(), Request{Mode: Write, Dirs: []string{repoPath("examples", "...")}, OutDir: out, EmbedSecrets: true})
	if err != nil {
		t.Fatal(err)
	}
	diags := res.Diagnostics
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "XOC_VAR_stripe_api_key") {
		t.Errorf("want an error naming how to set the key, got %s", diags)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("a failed build wrote %v", entries)
	}
}

func TestCheckReportsStaleOutput(t *testing.T) {
	out := t.TempDir()
	runBuild(t, Write, repoPath("examples"), out)
	outcome := runBuild(t, Compare, repoPath("examples"), out)
	if len(outcome.Differences) != 0 {
		t.Fatalf("fresh output reported stale: %v", outcome.Differences)
	}
	os.WriteFile(filepath.Join(out, "payments_assistant", "config.json"), []byte("{}\n"), 0o644)
	os.Remove(filepath.Join(out, "payments_assistant", "icon.png"))
	os.WriteFile(filepath.Join(out, "payments_assistant", "notes.txt"), []byte("x"), 0o644)
	outcome = runBuild(t, Compare, repoPath("examples"), out)
	got := map[string]string{}
	for _, d := range outcome.Differences {
		got[filepath.Base(d.Name)] = d.Kind
	}
	want := map[string]string{"config.json": "changed", "icon.png": "missing", "notes.txt": "extra"}
	for name, kind := range want {
		if got[name] != kind {
			t.Errorf("%s: got %q, want %q (all: %v)", name, got[name], kind, outcome.Differences)
		}
	}
}
