package build

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xoc-dev/xoc/internal/benchws"
)

// TestParallelBuildsIntoOneFolder runs two builds with different inputs
// into one output folder at the same time, many times over, with the
// build cache on. Each time, every bot's folder must be one run's output,
// whole, and nothing else; and a plain build after them must write what a
// build without the cache writes, whatever the cache remembered.
func TestParallelBuildsIntoOneFolder(t *testing.T) {
	root := workspace(t, 2)
	currencies := []string{"usd", "eur", "gbp", "chf"}
	want := map[string]map[string][]byte{}
	for _, c := range currencies {
		out := t.TempDir()
		runBuild(t, Write, root, out, "XOC_VAR_invoice_currency="+c, EnvCache+"=off")
		want[c] = readTree(t, out)
	}
	if maps.EqualFunc(want["usd"], want["eur"], bytes.Equal) {
		t.Fatal("the currency does not change the output; the test would prove nothing")
	}
	out, cacheDir := t.TempDir(), t.TempDir()
	request := func(currency string) Request {
		return Request{Mode: Write, Dirs: []string{filepath.Join(root, "...")}, OutDir: out,
			Environ: []string{EnvCache + "=" + cacheDir, "XOC_VAR_invoice_currency=" + currency}}
	}
	for i := range 50 {
		// Each iteration another pair, in another order.
		a, b := currencies[i%4], currencies[(i+1+i/4%3)%4]
		var wg sync.WaitGroup
		for _, c := range []string{a, b} {
			wg.Go(func() {
				if res, err := Run(context.Background(), request(c)); err != nil || len(res.Diagnostics) > 0 {
					t.Errorf("iteration %d, build with %s: %v %s", i, c, err, res.Diagnostics)
				}
			})
		}
		wg.Wait()
		for label, files := range folders(readTree(t, out)) {
			if !maps.EqualFunc(files, folders(want[a])[label], bytes.Equal) && !maps.EqualFunc(files, folders(want[b])[label], bytes.Equal) {
				t.Fatalf("iteration %d (%s and %s): %s is neither run's output: %v", i, a, b, label, slicesOf(files))
			}
		}
		if res, err := Run(context.Background(), request(a)); err != nil || len(res.Diagnostics) > 0 {
			t.Fatalf("iteration %d, plain build: %v %s", i, err, res.Diagnostics)
		}
		if !maps.EqualFunc(readTree(t, out), want[a], bytes.Equal) {
			t.Fatalf("iteration %d (%s and %s): a plain build with %s after them left another output", i, a, b, a)
		}
	}
}

// folders splits a tree read by readTree by its first path element.
func folders(tree map[string][]byte) map[string]map[string][]byte {
	out := map[string]map[string][]byte{}
	for name, data := range tree {
		dir, file, _ := strings.Cut(name, "/")
		if out[dir] == nil {
			out[dir] = map[string][]byte{}
		}
		out[dir][file] = data
	}
	return out
}

func slicesOf(files map[string][]byte) []string {
	var names []string
	for name := range files {
		names = append(names, name)
	}
	return names
}

// TestEmbeddedSecretsArePrivate: with --embed-secrets, the export holds
// the key, so its files are readable by their owner only, including
// those whose bytes a plain build had already written.
func TestEmbeddedSecretsArePrivate(t *testing.T) {
	out := t.TempDir()
	env := "XOC_VAR_stripe_api_key=" + testKey
	runBuild(t, Write, repoPath("examples"), out, env)
	res, err := Run(context.Background(), Request{Mode: Write, Dirs: []string{repoPath("examples", "...")}, OutDir: out, EmbedSecrets: true, Environ: []string{env}})
	if err != nil || res.Diagnostics.HasErrors() {
		t.Fatalf("build --embed-secrets: %v %s", err, res.Diagnostics)
	}
	checked := 0
	for name := range readTree(t, out) {
		info, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if perm := info.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s is %v after --embed-secrets, want -rw-------", name, perm)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("nothing built")
	}
	_ = benchws.Label
}

// TestCacheRecordsOnlyWhatItWrote: a file of the output changed behind
// the build's back after its commit, before the cache records the run,
// is not taken for the build's output: the next build rebuilds it.
func TestCacheRecordsOnlyWhatItWrote(t *testing.T) {
	root := workspace(t, 2)
	want := t.TempDir()
	runBuild(t, Write, root, want, EnvCache+"=off")
	for what, change := range map[string]func(path string) error{
		"edited in place": func(path string) error { return os.WriteFile(path, []byte("edited"), 0o644) },
		"replaced": func(path string) error {
			if err := os.WriteFile(path+".new", []byte("replaced"), 0o644); err != nil {
				return err
			}
			return os.Rename(path+".new", path)
		},
	} {
		t.Run(what, func(t *testing.T) {
			out, cacheDir := t.TempDir(), t.TempDir()
			environ := []string{EnvCache + "=" + cacheDir}
			edited := filepath.Join(out, benchws.Label(1), ReviewFile)
			afterCommit = func() {
				if err := change(edited); err != nil {
					t.Error(err)
				}
			}
			runBuild(t, Write, root, out, environ...)
			afterCommit = nil
			res := runBuild(t, Write, root, out, environ...)
			for _, b := range res.Bots {
				if b.Cached != (b.Label != benchws.Label(1)) {
					t.Errorf("%s cached: %t", b.Label, b.Cached)
				}
			}
			if !maps.EqualFunc(readTree(t, out), readTree(t, want), bytes.Equal) {
				t.Error("the output differs from a build without the cache")
			}
		})
	}
}
