package build

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/config"
)

// The committed exports under out/ are the golden files of the examples:
// `go test ./compiler/build -update` rewrites them (as `make build` does).
var update = flag.Bool("update", false, "rewrite the committed exports in out/")

const testKey = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"

func repoPath(parts ...string) string {
	return filepath.Join(append([]string{"..", ".."}, parts...)...)
}

func loadExamples(t *testing.T, root string, env map[string]string) []*config.Config {
	t.Helper()
	dirs, err := config.ExpandDirs([]string{filepath.Join(root, "...")})
	if err != nil {
		t.Fatal(err)
	}
	var cfgs []*config.Config
	for _, dir := range dirs {
		cfg, _, diags := config.Load(dir, config.Inputs{Env: env})
		if diags.HasErrors() {
			t.Fatalf("%s: %s", dir, diags)
		}
		cfgs = append(cfgs, cfg)
	}
	return cfgs
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
	cfgs := loadExamples(t, repoPath("examples"), nil)
	outDir := repoPath("out")
	if !*update {
		outDir = t.TempDir()
	}
	if _, diags, err := Run(cfgs, Options{OutDir: outDir}); err != nil || diags.HasErrors() {
		t.Fatalf("build: %v %s", err, diags)
	}
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
		cfgs := loadExamples(t, "bots", nil)
		_, diags, err := Run(cfgs, Options{OutDir: "exports", Parallelism: parallelism})
		os.Chdir(wd)
		if err != nil || diags.HasErrors() {
			t.Fatalf("build: %v %s", err, diags)
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
	env := map[string]string{"stripe_api_key": testKey}
	cfgs := loadExamples(t, repoPath("examples"), env)

	plain := t.TempDir()
	if _, diags, err := Run(cfgs, Options{OutDir: plain}); err != nil || diags.HasErrors() {
		t.Fatalf("build: %v %s", err, diags)
	}
	for name, data := range readTree(t, plain) {
		if bytes.Contains(data, []byte(testKey)) || bytes.Contains(data, []byte(testKey[len(testKey)-12:])) {
			t.Errorf("%s holds the API key", name)
		}
	}

	embedded := t.TempDir()
	if _, diags, err := Run(cfgs, Options{OutDir: embedded, EmbedSecrets: true}); err != nil || diags.HasErrors() {
		t.Fatalf("build --embed-secrets: %v %s", err, diags)
	}
	found := 0
	for name, data := range readTree(t, embedded) {
		if !bytes.Contains(data, []byte(testKey)) {
			continue
		}
		found++
		if name != "payments_assistant/config.json" {
			t.Errorf("--embed-secrets put the key into %s; only config.json may hold it", name)
		}
	}
	if found != 1 {
		t.Errorf("--embed-secrets wrote the key into %d files, want 1 (config.json)", found)
	}
}

func TestEmbedSecretsNeedsAValue(t *testing.T) {
	cfgs := loadExamples(t, repoPath("examples"), nil)
	out := t.TempDir()
	_, diags, err := Run(cfgs, Options{OutDir: out, EmbedSecrets: true})
	if err != nil {
		t.Fatal(err)
	}
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "XOC_VAR_stripe_api_key") {
		t.Errorf("want an error naming how to set the key, got %s", diags)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("a failed build wrote %v", entries)
	}
}

func TestCheckReportsStaleOutput(t *testing.T) {
	cfgs := loadExamples(t, repoPath("examples"), nil)
	out := t.TempDir()
	if _, _, err := Run(cfgs, Options{OutDir: out}); err != nil {
		t.Fatal(err)
	}
	outcome, _, err := Run(cfgs, Options{OutDir: out, Check: true})
	if err != nil || len(outcome.Differences) != 0 {
		t.Fatalf("fresh output reported stale: %v %v", err, outcome.Differences)
	}
	os.WriteFile(filepath.Join(out, "payments_assistant", "config.json"), []byte("{}\n"), 0o644)
	os.Remove(filepath.Join(out, "payments_assistant", "icon.png"))
	os.WriteFile(filepath.Join(out, "payments_assistant", "notes.txt"), []byte("x"), 0o644)
	outcome, _, err = Run(cfgs, Options{OutDir: out, Check: true})
	if err != nil {
		t.Fatal(err)
	}
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
