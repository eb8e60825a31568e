package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tree reads every file under root, by slash-separated relative path.
func tree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(root, path)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBuildCache runs builds with the cache through the command line and
// holds the output folder, after each, to what a build without the cache
// writes from the same inputs.
func TestBuildCache(t *testing.T) {
	bot := botDir(t, map[string]string{"bot.xo.hcl": preAuthorizedBot + `
variable "brand" {
  type    = string
  default = "Acme"
}

locals {
  title = "${var.brand} payments"
}
`})
	if err := os.WriteFile(filepath.Join(bot, "bot.xo.hcl"), []byte(strings.Replace(
		mustRead(t, filepath.Join(bot, "bot.xo.hcl")), `bot "payments" {}`, `bot "payments" { name = local.title }`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	cacheDir := filepath.Join(t.TempDir(), "cache")
	out := filepath.Join(t.TempDir(), "out")
	key := "XOC_VAR_stripe_api_key=sk_test_51CacheCommandLine0001"
	withCache := []string{"XOC_CACHE=" + cacheDir, key}

	// build runs xoc build with the cache, and the same build without it
	// into a folder of its own, and compares the two folders.
	build := func(t *testing.T, env []string, args ...string) string {
		t.Helper()
		code, stdout, stderr := xoc(t, env, append([]string{"build", "--out", out}, append(args, bot)...)...)
		if code != exitOK {
			t.Fatalf("build: exit %d\n%s", code, stderr)
		}
		want := t.TempDir()
		plain := append([]string{"XOC_CACHE=off"}, env[1:]...)
		if code, _, stderr := xoc(t, plain, append([]string{"build", "--out", want}, append(args, bot)...)...); code != exitOK {
			t.Fatalf("build without the cache: exit %d\n%s", code, stderr)
		}
		got, wantTree := tree(t, out), tree(t, want)
		if len(got) != len(wantTree) {
			t.Fatalf("the output folder holds %d files, a build without the cache writes %d", len(got), len(wantTree))
		}
		for name, data := range wantTree {
			if got[name] != data {
				t.Errorf("%s differs from what a build without the cache writes", name)
			}
		}
		return stdout
	}

	if stdout := build(t, withCache); !strings.Contains(stdout, "payments: wrote ") {
		t.Errorf("first build: %q", stdout)
	}
	if stdout := build(t, withCache); !strings.Contains(stdout, "payments: unchanged") {
		t.Errorf("second build: %q", stdout)
	}
	indexes, _ := filepath.Glob(filepath.Join(cacheDir, "v1", "*.json"))
	if len(indexes) != 1 {
		t.Fatalf("the cache holds %d indexes, want 1", len(indexes))
	}
	// Another value for a variable.
	if stdout := build(t, withCache, "--var", "brand=Globex"); !strings.Contains(stdout, "payments: wrote REVIEW.md, botDefinition.json") {
		t.Errorf("build with --var: %q", stdout)
	}
	build(t, withCache)
	// A file of the output edited by hand is written again.
	review := filepath.Join(out, "payments", "REVIEW.md")
	if err := os.WriteFile(review, []byte("edited by hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	if stdout := build(t, withCache); !strings.Contains(stdout, "payments: wrote REVIEW.md\n") {
		t.Errorf("build after an edit: %q", stdout)
	}
	// --embed-secrets writes the key, and the next plain build takes it
	// out again: the cache never remembers an embedding build.
	if code, _, stderr := xoc(t, withCache, "build", "--embed-secrets", "--out", out, bot); code != exitOK {
		t.Fatalf("build --embed-secrets: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(mustRead(t, filepath.Join(out, "payments", "config.json")), "sk_test_51CacheCommandLine0001") {
		t.Fatal("--embed-secrets did not write the key")
	}
	if stdout := build(t, withCache); !strings.Contains(stdout, "payments: wrote config.json") {
		t.Errorf("build after --embed-secrets: %q", stdout)
	}
	// A build with errors is not remembered, and one without the cache
	// does not touch it.
	before := mustRead(t, indexes[0])
	if code, _, _ := xoc(t, withCache, "build", "--out", out, "--var", "nope=1", bot); code != exitConfig {
		t.Errorf("build with an undeclared --var: exit %d", code)
	}
	if code, _, _ := xoc(t, []string{"XOC_CACHE=off", key}, "build", "--out", out, "--var", "brand=Initech", bot); code != exitOK {
		t.Errorf("build without the cache: exit %d", code)
	}
	if after := mustRead(t, indexes[0]); after != before {
		t.Error("the index changed")
	}
	build(t, withCache)
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
