package build

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/internal/benchws"
)

// workspace generates n bots under a new folder and returns it.
func workspace(t *testing.T, n int) string {
	t.Helper()
	root := t.TempDir()
	if err := benchws.Generate(root, n); err != nil {
		t.Fatal(err)
	}
	return root
}

// rewrite replaces old with new in a bot's bot.xo.hcl.
func rewrite(t *testing.T, root string, bot int, old, new string) string {
	t.Helper()
	path := filepath.Join(root, benchws.BotDir(bot), "bot.xo.hcl")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), old) {
		t.Fatalf("%s does not hold %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(src), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestDuplicateLabelsWriteNothing: two bots with one label are an error on
// the later one, named with its source line, and nothing is written,
// whichever worker gets to the label first.
func TestDuplicateLabelsWriteNothing(t *testing.T) {
	root := workspace(t, 6)
	path := rewrite(t, root, 4, benchws.Label(4), benchws.Label(1))
	for _, parallelism := range []int{1, 6} {
		out := t.TempDir()
		res, err := Run(context.Background(), Request{Mode: Write, Dirs: []string{filepath.Join(root, "...")}, OutDir: out, Parallelism: parallelism})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Diagnostics) != 1 || res.Diagnostics[0].Summary != "Duplicate bot label" {
			t.Fatalf("diagnostics %s, want one duplicate label", res.Diagnostics)
		}
		if d := res.Diagnostics[0]; d.Subject == nil || d.Subject.Filename != path {
			t.Errorf("the duplicate is named at %v, want in %s", d.Subject, path)
		}
		if _, ok := res.Sources[path]; !ok {
			t.Errorf("the run holds no source of %s to show the diagnostic with", path)
		}
		if entries, _ := os.ReadDir(out); len(entries) != 0 {
			t.Errorf("a run with a duplicate label wrote %v", entries)
		}
	}
}

// TestSourcesOnlyOfBotsWithDiagnostics: a run keeps the bytes of a bot's
// files only when it has something to say about them, and reports every
// bot's problems, in directory order of bots, however late it meets them.
func TestSourcesOnlyOfBotsWithDiagnostics(t *testing.T) {
	root := workspace(t, 8)
	broken := rewrite(t, root, 6, "bot \"", "bot = \"")
	res, err := Run(context.Background(), Request{Mode: Validate, Dirs: []string{filepath.Join(root, "...")}})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Diagnostics.HasErrors() || res.Diagnostics[0].Subject.Filename != broken {
		t.Fatalf("diagnostics %s, want a syntax error in %s", res.Diagnostics, broken)
	}
	for name := range res.Sources {
		if filepath.Dir(name) != filepath.Dir(broken) {
			t.Errorf("the run kept %s, of a bot without diagnostics", name)
		}
	}
	if len(res.Bots) != 8 {
		t.Errorf("%d bots in the result, want 8", len(res.Bots))
	}
}

// TestUndeclaredVar: a --var that no bot of the run declares is an error
// of the run, found across bots.
func TestUndeclaredVar(t *testing.T) {
	root := workspace(t, 3)
	res, err := Run(context.Background(), Request{Mode: Validate, Dirs: []string{filepath.Join(root, "...")}, Vars: varArgs("nope=1", "invoice_currency=eur", "nope=2")})
	if err != nil {
		t.Fatal(err)
	}
	var summaries []string
	for _, d := range res.Diagnostics {
		summaries = append(summaries, d.Summary+": "+d.Detail)
	}
	if len(summaries) != 1 || !strings.Contains(summaries[0], "--var nope sets a variable that no bot of this run declares") {
		t.Errorf("diagnostics %q, want one about --var nope", summaries)
	}
}

// TestKeepHoldsTheFiles: a Keep run (xoc run DIR) hands over the files it
// built, and writes nothing.
func TestKeepHoldsTheFiles(t *testing.T) {
	root := workspace(t, 1)
	res, err := Run(context.Background(), Request{Mode: Keep, Dirs: []string{filepath.Join(root, benchws.BotDir(0))}})
	if err != nil || res.Diagnostics.HasErrors() {
		t.Fatalf("%v %s", err, res.Diagnostics)
	}
	var names []string
	for name := range res.Bots[0].Files {
		names = append(names, name)
	}
	slices.Sort(names)
	if want := []string{"REVIEW.md", "botDefinition.json", "config.json", "icon.png"}; !slices.Equal(names, want) {
		t.Errorf("files %v, want %v", names, want)
	}
}

func varArgs(args ...string) []config.VarArg {
	var out []config.VarArg
	for _, s := range args {
		v, err := config.ParseVarArg(s)
		if err != nil {
			panic(err)
		}
		out = append(out, v)
	}
	return out
}
