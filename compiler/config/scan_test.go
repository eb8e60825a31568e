package config

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/xoc-dev/xoc/compiler/internal/hclscan"
	"github.com/xoc-dev/xoc/compiler/report"
)

// nested is open n times, then core, then close n times.
func nested(open, core, close string, n int) string {
	return strings.Repeat(open, n) + core + strings.Repeat(close, n)
}

// A file that nests too deep is reported where it goes too deep, and not
// parsed: 100,000 levels of any kind once crashed xoc with a stack
// overflow, which Go cannot recover from. Each case says which of its
// openers goes too deep (counting from 1), and where in the file the
// first of them is.
func TestNestingTooDeep(t *testing.T) {
	const n = 100_000
	hcl := func(expr string) string { return "bot \"b\" {}\n\nlocals {\n  x = " + expr + "\n}\n" }
	json := func(value string) string { return `{"bot": {"b": {}}, "locals": {"x": ` + value + "}}" }
	for _, c := range []struct {
		name, suffix, src string
		opener            string // the token repeated
		first             int    // the offset of its first occurrence
		nth               int    // the one that goes too deep
		at                int    // the offset in it of the token that does
	}{
		// In locals { x = … }, the brace of locals is one level.
		{"parentheses", SuffixHCL, hcl(nested("(", "1", ")", n)), "(", 27, hclscan.MaxNesting, 0},
		{"brackets", SuffixHCL, hcl(nested("[", "1", "]", n)), "[", 27, hclscan.MaxNesting, 0},
		{"objects", SuffixHCL, hcl(nested("{a = ", "1", "}", n)), "{a = ", 27, hclscan.MaxNesting, 0},
		{"not", SuffixHCL, hcl(nested("!", "true", "", n)), "!", 27, hclscan.MaxNesting, 0},
		{"minus", SuffixHCL, hcl(nested("-", "1", "", n)), "-", 27, hclscan.MaxNesting, 0},
		{"sum", SuffixHCL, hcl(nested("1 + ", "1", "", n)), "1 + ", 27, hclscan.MaxNesting, 2},
		{"conditionals", SuffixHCL, hcl(nested("true ? 1 : ", "1", "", n)), "true ? 1 : ", 27, hclscan.MaxNesting, 5},
		{"indexes", SuffixHCL, hcl("a" + nested("[0]", "", "", n)), "[0]", 28, hclscan.MaxNesting, 0},
		{"splats", SuffixHCL, hcl("a" + nested("[*]", "", "", n)), "[*]", 28, hclscan.MaxNesting - 1, 1},
		// A string and an interpolation are a level each.
		{"templates", SuffixHCL, hcl(nested(`"${`, "1", `}"`, n)), `"${`, 27, hclscan.MaxNesting / 2, 1},
		// A string is a level, and then each open if directive.
		{"directives", SuffixHCL, hcl(`"` + nested("%{if true}", "x", "%{endif}", n) + `"`), "%{if true}", 28, hclscan.MaxNesting - 2, 0},
		// (Fewer: hcl's diagnostic writer reads every line before the one
		// it shows.)
		{"heredocs", SuffixHCL, hcl(nested("<<EOT\n${", "1", "}\nEOT\n", n/50)), "<<EOT\n${", 27, hclscan.MaxNesting / 2, 6},
		// In {"locals": {"x": …}}, the two objects are a level each.
		{"JSON arrays", SuffixJSON, json(nested("[", "1", "]", n)), "[", 35, hclscan.MaxNesting - 1, 0},
		{"JSON objects", SuffixJSON, json(nested(`{"a": `, "1", "}", n)), `{"a": `, 35, hclscan.MaxNesting - 1, 0},
		// The template of a JSON string nests in the JSON.
		{"JSON template", SuffixJSON, json(`"${` + nested("(", "1", ")", n) + `}"`), "(", 38, hclscan.MaxNesting - 2, 0},
		{"JSON escaped template", SuffixJSON, json(`"\u0024{` + nested("(", "1", ")", n) + `}"`), "(", 43, hclscan.MaxNesting - 2, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := strings.Index(c.src, c.opener); got != c.first {
				t.Fatalf("the first %q is at %d, not %d", c.opener, got, c.first)
			}
			dir := t.TempDir()
			path := filepath.Join(dir, "bot"+c.suffix)
			if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, files, diags := Load(dir, Inputs{})
			if len(diags) != 1 || diags[0].Summary != "Nesting too deep" {
				t.Fatalf("want one diagnostic, Nesting too deep; got:\n%s", describe(diags))
			}
			want := c.first + (c.nth-1)*len(c.opener) + c.at
			if got := diags[0].Subject.Start.Byte; got != want {
				t.Errorf("reported at byte %d (%q…), want %d (%q…)", got, c.src[got:got+5], want, c.src[want:want+5])
			}
			if got := diags[0].Subject.Start; got.Line != bytes.Count([]byte(c.src[:want]), []byte("\n"))+1 {
				t.Errorf("reported on line %d", got.Line)
			}
			// The diagnostic prints with its source, without parsing the
			// file again.
			var out bytes.Buffer
			if err := report.WriteText(&out, files, diags, false); err != nil || !strings.Contains(out.String(), "Nesting too deep") {
				t.Errorf("printing the diagnostic: %v\n%s", err, out.String())
			}
		})
	}
}

// Nesting up to the limit is fine, and parses; one level more is not.
func TestNestingAtTheLimit(t *testing.T) {
	for _, c := range []struct {
		levels int
		ok     bool
	}{{hclscan.MaxNesting, true}, {hclscan.MaxNesting + 1, false}} {
		// The brace of locals is one level, and the string another.
		dir := writeBot(t, "bot \"b\" {\n  name = local.x\n}\n\nlocals {\n  x = "+nested("(", `"deep"`, ")", c.levels-2)+"\n}\n")
		cfg, _, diags := Load(dir, Inputs{})
		if ok := !diags.HasErrors(); ok != c.ok {
			t.Errorf("%d levels: ok = %v, want %v:\n%s", c.levels, ok, c.ok, describe(diags))
		}
		if c.ok && cfg.Bot.Name != "deep" {
			t.Errorf("%d levels: name = %q", c.levels, cfg.Bot.Name)
		}
	}
}

// A file larger than the limit is reported, not read to its end.
func TestSourceTooLarge(t *testing.T) {
	dir := t.TempDir()
	src := append([]byte("bot \"b\" {}\n"), bytes.Repeat([]byte("# padding\n"), maxSourceBytes/10)...)
	if err := os.WriteFile(filepath.Join(dir, "bot.xo.hcl"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, diags := Load(dir, Inputs{})
	if len(diags) != 1 || diags[0].Summary != "File too large" || diags[0].Subject == nil {
		t.Fatalf("want one located diagnostic, File too large; got:\n%s", describe(diags))
	}
}

// Values of variables given outside the bot's files are checked as its
// files are: a --var-file, and a --var or XOC_VAR_ text parsed as an
// expression or read as a number.
func TestVariableInputsScanned(t *testing.T) {
	dir := writeBot(t, `
variable "tags" {
  type    = list(string)
  default = []
}

variable "n" {
  type    = number
  default = 1
}

bot "b" {}
`)
	deep := nested("[", `"a"`, "]", 100_000)
	path := filepath.Join(t.TempDir(), "values.xovars")
	if err := os.WriteFile(path, []byte("tags = "+deep+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, diags := ParseVarFile(hclparse.NewParser(), path); len(diags) != 1 || diags[0].Summary != "Nesting too deep" {
		t.Errorf("var file: want Nesting too deep, got:\n%s", describe(diags))
	}
	for _, c := range []struct {
		in     Inputs
		detail string
	}{
		{Inputs{Vars: []VarArg{{"tags", deep}}}, `The value given by --var tags for variable "tags" nests deeper than 256 levels`},
		{Inputs{Env: map[string]string{"n": "1e9999999"}}, `The value given by XOC_VAR_n for variable "n" is a number out of range`},
		{Inputs{Vars: []VarArg{{"n", nested("9", "", "", 100_000)}}}, `The value given by --var n for variable "n" is a number written with more than 1000 characters`},
	} {
		_, _, diags := Load(dir, c.in)
		if len(diags) != 1 || diags[0].Summary != "Invalid value for variable" || !strings.HasPrefix(diags[0].Detail, c.detail) {
			t.Errorf("want Invalid value for variable (%s…), got:\n%s", c.detail, describe(diags))
		}
	}
}
