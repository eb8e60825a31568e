package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/config"
)

// botOf is a bot that declares the given variable blocks.
func botOf(label, variables string) string {
	return `bot "` + label + `" {}` + "\n" + variables
}

func writeBotDir(t *testing.T, root, name, src string) string {
	t.Helper()
	dir := filepath.Join(root, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bot.xo.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A var file may serve many bots, each declaring some of its variables:
// only an entry that no bot of the run declares is an error.
func TestVarFileServesManyBots(t *testing.T) {
	root := t.TempDir()
	writeBotDir(t, root, "a", botOf("a", `variable "brand" {}`))
	writeBotDir(t, root, "b", botOf("b", `variable "region" {}`))
	varFile := filepath.Join(t.TempDir(), "values.hcl")
	if err := os.WriteFile(varFile, []byte("brand = \"Acme\"\nregion = \"eu\"\nregoin = \"us\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Request{Mode: Validate, Dirs: []string{filepath.Join(root, "...")}, VarFiles: []string{varFile}, Environ: []string{"XOC_CACHE=off"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != 1 {
		t.Fatalf("want one error, about regoin, got:\n%s", res.Diagnostics)
	}
	d := res.Diagnostics[0]
	if !res.Diagnostics.HasErrors() || d.Summary != "Value for undeclared variable" || !strings.Contains(d.Detail, `Did you mean "region"?`) ||
		d.Subject == nil || d.Subject.Filename != varFile || d.Subject.Start.Line != 3 {
		t.Errorf("want an error at line 3 of the var file suggesting region, got %s (at %v)", d.Detail, d.Subject)
	}
	// regoin is declared by no bot: its value may be a misspelt secret.
	if got := string(res.Sources[varFile]); got != "brand = \"Acme\"\nregion = \"eu\"\nregoin = \"**\"\n" {
		t.Errorf("the var file as shown:\n%s", got)
	}
}

// Values in a var file are shown under a diagnostic only when every bot of
// the run that declares their variable was loaded and calls it not
// sensitive.
func TestShowVarValue(t *testing.T) {
	r := &run{res: &Result{Bots: []Bot{
		{variables: []string{"brand", "key", "region"}, sensitive: []string{"key"}},
		{variables: []string{"brand", "key", "tier"}},
		{variables: []string{"region"}, Cached: true},
	}}}
	show := r.showVarValue()
	for name, want := range map[string]bool{
		"brand":   true,
		"key":     false, // sensitive in one bot
		"region":  false, // a cached bot declares it: sensitive or not is unknown
		"tier":    true,
		"unknown": false,
	} {
		if got := show(name); got != want {
			t.Errorf("show(%q) = %v, want %v", name, got, want)
		}
	}
}

// A bot that did not parse may declare any name: no var file entry is
// called undeclared then, as no --var is.
func TestUndeclaredNotReportedBesideABrokenBot(t *testing.T) {
	root := t.TempDir()
	writeBotDir(t, root, "a", botOf("a", `variable "brand" {}`))
	writeBotDir(t, root, "b", `bot "b" {`)
	varFile := filepath.Join(t.TempDir(), "values.hcl")
	if err := os.WriteFile(varFile, []byte("region = \"eu\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Request{Mode: Validate, Dirs: []string{filepath.Join(root, "...")}, VarFiles: []string{varFile},
		Vars: []config.VarArg{{Name: "tier", Value: "x"}}, Environ: []string{"XOC_CACHE=off"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		if d.Summary == "Value for undeclared variable" {
			t.Errorf("reported beside a broken bot: %s", d.Detail)
		}
	}
	if !res.Diagnostics.HasErrors() {
		t.Error("the broken bot should be reported")
	}
}
