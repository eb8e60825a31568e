package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A number out of range, or too long to read, is reported where it is
// written or computed, before anything writes it out: tostring(1e9999999)
// once took 30 s of CPU, and a number of four million digits 38 s to read.
// So is padding that would fill memory.
func TestNumberLimits(t *testing.T) {
	digits := func(n int) string { return "1" + strings.Repeat("0", n-1) }
	hclBot := func(name string) string { return "bot \"b\" {\n  name = " + name + "\n}\n" }
	for _, c := range []struct {
		name, file, src string
		in              Inputs
		summary, detail string // of the one diagnostic
		line            int
	}{
		{"literal", "bot.xo.hcl", hclBot("tostring(1e9999999)"), Inputs{}, "Number out of range", "below 1e308", 2},
		{"tiny literal", "bot.xo.hcl", hclBot(`"${1e-9999999}"`), Inputs{}, "Number out of range", "at least 1e-307", 2},
		{"long literal", "bot.xo.hcl", hclBot("tostring(" + digits(2000) + ")"), Inputs{}, "Number too long", "2000 characters", 2},
		{"JSON number", "bot.xo.json", `{"bot": {"b": {}}, "variable": {"n": {"default": 1e400}}}`, Inputs{}, "Number out of range", "below 1e308", 1},
		{"JSON template", "bot.xo.json", `{"bot": {"b": {"name": "${tostring(1e9999999)}"}}}`, Inputs{}, "Number out of range", "below 1e308", 1},
		{"product", "bot.xo.hcl", "locals {\n  big = 1e300\n}\n" + hclBot(`"${local.big * local.big}"`), Inputs{}, "Operation failed", "out of range", 5},
		{"quotient", "bot.xo.hcl", "locals {\n  small = 1e-300\n}\n" + hclBot(`"${local.small / 1e300}"`), Inputs{}, "Operation failed", "out of range", 5},
		{"number text", "bot.xo.hcl", hclBot(`format("%d", "1e9999999")`), Inputs{}, "Invalid function argument", "out of range", 2},
		{"tonumber", "bot.xo.hcl", hclBot(`tostring(tonumber("1e400"))`), Inputs{}, "Invalid function argument", "out of range", 2},
		{"long number text", "bot.xo.hcl", hclBot(`tostring(abs("` + digits(100_000) + `"))`), Inputs{}, "Invalid function argument", "more than 1000 characters", 2},
		{"parseint", "bot.xo.hcl", hclBot(`tostring(parseint("` + strings.Repeat("f", 1100) + `", 16))`), Inputs{}, "Invalid function argument", "more than 1000 characters", 2},
		{"pow", "bot.xo.hcl", hclBot(`tostring(pow(10, 400))`), Inputs{}, "Error in function call", "result of pow", 2},
		{"jsondecode", "bot.xo.hcl", hclBot(`jsonencode(jsondecode("[1e400]"))`), Inputs{}, "Invalid function argument", "number out of range", 2},
		{"jsondecode nesting", "bot.xo.hcl", hclBot(`jsonencode(jsondecode("` + nested("[", "1", "]", 100_000) + `"))`), Inputs{}, "Invalid function argument", "nesting too deep", 2},
		{"format width", "bot.xo.hcl", hclBot(`format("%01000001d", 1)`), Inputs{}, "Invalid function argument", "widths and precisions of at most 1000", 2},
		{"format precision", "bot.xo.hcl", hclBot(`formatlist("%[1]-.1000001f", [1])[0]`), Inputs{}, "Invalid function argument", "widths and precisions of at most 1000", 2},
		{"indent", "bot.xo.hcl", hclBot(`indent(1000001, "a\nb")`), Inputs{}, "Invalid function argument", "at most 1000 spaces", 2},
		{"variable", "bot.xo.hcl", "variable \"n\" {\n  type    = number\n  default = \"1e400\"\n}\n" + hclBot("tostring(var.n)"),
			Inputs{}, "Invalid value for variable", `"n": a number is out of range`, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, c.file), []byte(c.src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, diags := Load(dir, c.in)
			if len(diags) != 1 {
				t.Fatalf("want one diagnostic, %s; got:\n%s", c.summary, describe(diags))
			}
			d := diags[0]
			if d.Summary != c.summary || !strings.Contains(d.Detail, c.detail) || d.Subject == nil || d.Subject.Start.Line != c.line {
				t.Errorf("want %s (…%s…) on line %d, got:\n%s", c.summary, c.detail, c.line, describe(diags))
			}
		})
	}
}

// Numbers in range, and texts that only look like numbers, are as they
// were.
func TestNumbersInRange(t *testing.T) {
	dir := writeBot(t, `
bot "b" {
  name        = "${length(tostring(9e307))} ${local.product} ${format("%d|%-5s|%05.1f|%%d", "123", "a", 2.25)} ${length(tostring(tonumber("1e307")))}"
  description = upper("1e400 is text")
}

locals {
  product = 1e150 * 1e150 / 1e299
}
`)
	cfg, _, diags := Load(dir, Inputs{})
	if diags.HasErrors() {
		t.Fatal(describe(diags))
	}
	if want := "308 10 123|a    |002.2|%d 308"; cfg.Bot.Name != want {
		t.Errorf("name = %q", cfg.Bot.Name)
	}
	if cfg.Bot.Description != "1E400 IS TEXT" {
		t.Errorf("description = %q", cfg.Bot.Description)
	}
}

// Wrapped functions keep hcl's words for an argument of the wrong type.
func TestFunctionArgumentErrors(t *testing.T) {
	dir := writeBot(t, `
bot "b" {
  name = upper(["a"])
}
`)
	_, _, diags := Load(dir, Inputs{})
	if len(diags) != 1 || diags[0].Summary != "Invalid function argument" || diags[0].Detail != `Invalid value for "str" parameter: string required, but have tuple.` {
		t.Errorf("got:\n%s", describe(diags))
	}
}
