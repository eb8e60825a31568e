package config

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// A value made from a secret is a secret: every function the language
// offers, and every construct, keeps the mark of a marked argument on its
// result. Each function of the language has a call here, so a function
// added later is held to it too.
func TestMarksFlowThroughEverything(t *testing.T) {
	marked := func(v cty.Value) cty.Value { return v.Mark(keyShapedMark) }
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{rootVar: cty.ObjectVal(map[string]cty.Value{
			"s": marked(cty.StringVal("sk_test_abcdefgh12345678")),
			"d": marked(cty.StringVal("2030-01-31T00:00:00Z")),
			"l": marked(cty.ListVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")})),
			"m": marked(cty.MapVal(map[string]cty.Value{"k": cty.StringVal("v")})),
			"n": marked(cty.NumberIntVal(3)),
		})},
		Functions: functions,
	}
	calls := map[string]string{
		"abs": `abs(var.n)`, "ceil": `ceil(var.n)`, "chomp": `chomp(var.s)`, "chunklist": `chunklist(var.l, 1)`,
		"coalesce": `coalesce(var.s, "x")`, "coalescelist": `coalescelist(var.l, ["x"])`, "compact": `compact([var.s])`,
		"concat": `concat(["a"], var.l)`, "contains": `contains(var.l, "a")`, "csvdecode": `csvdecode("a\n${var.s}")`,
		"distinct": `distinct(var.l)`, "element": `element(["a", "b"], var.n)`, "flatten": `flatten([var.l])`,
		"floor": `floor(var.n)`, "format": `format("%s", var.s)`, "formatlist": `formatlist("%s", var.l)`,
		"indent": `indent(2, var.s)`, "join": `join(",", var.l)`, "jsondecode": `jsondecode(jsonencode(var.s))`,
		"jsonencode": `jsonencode(var.m)`, "keys": `keys(var.m)`, "length": `length(var.s)`, "lookup": `lookup({a = 1}, var.s, 2)`,
		"lower": `lower(var.s)`, "max": `max(var.n, 1)`, "merge": `merge(var.m, {b = "c"})`, "min": `min(var.n, 9)`,
		"range": `range(var.n)`, "regex": `regex("sk_(.*)", var.s)`, "regexall": `regexall(".", var.s)`,
		"regex_replace": `regex_replace(var.s, "a", "b")`, "replace": `replace(var.s, "a", "b")`, "reverse": `reverse(var.l)`,
		"setunion": `setunion(toset(var.l), toset(["c"]))`, "slice": `slice(["a", "b", "c", "d"], 0, var.n)`, "sort": `sort(var.l)`,
		"split": `split("_", var.s)`, "strrev": `strrev(var.s)`, "substr": `substr(var.s, 0, 3)`, "title": `title(var.s)`,
		"trim": `trim(var.s, "s")`, "trimprefix": `trimprefix(var.s, "sk_")`, "trimspace": `trimspace(var.s)`,
		"trimsuffix": `trimsuffix(var.s, "8")`, "upper": `upper(var.s)`, "values": `values(var.m)`, "zipmap": `zipmap(["a"], [var.s])`,
		"tostring": `tostring(var.n)`, "tonumber": `tonumber(var.n)`, "tobool": `tobool(var.n > 1)`, "tolist": `tolist(var.l)`,
		"tomap": `tomap(var.m)`, "toset": `toset(var.l)`, "formatdate": `formatdate("YYYY", var.d)`, "byteslen": "", // takes a byte buffer, which no value of the language is
		"int": `int(var.n)`, "parseint": `parseint("12", var.n + 7)`, "log": `log(var.n, 10)`, "pow": `pow(var.n, 2)`,
		"signum": `signum(var.n)`, "setintersection": `setintersection(toset(var.l), toset(["a"]))`,
		"setsubtract": `setsubtract(toset(var.l), toset(["a"]))`,
	}
	constructs := []string{
		`"x${var.s}"`, `var.s == "" ? "a" : "b"`, `"%{if var.s == ""}a%{else}b%{endif}"`, `[for c in split("_", var.s) : c]`,
		`{for c in split("_", var.s) : c => 1}`, `[for k, v in var.m : k]`, `var.l[0]`, `var.l[*]`, `["a", "b", "c", "d"][var.n]`,
		`{a = var.s}.a`, `!(var.n > 1)`, `-var.n`, `var.n * 2`, `var.s != null`,
	}
	for name := range functions {
		if _, ok := calls[name]; !ok {
			t.Errorf("function %s has no call in this test", name)
		}
	}
	check := func(src string) {
		expr, diags := hclsyntax.ParseExpression([]byte(src), "test", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", src, diags)
		}
		v, diags := expr.Value(ctx)
		if diags.HasErrors() {
			t.Errorf("%s: %s", src, diags)
			return
		}
		if !v.ContainsMarked() {
			t.Errorf("%s = %#v lost the mark", src, v)
		}
	}
	for _, src := range calls {
		if src != "" {
			check(src)
		}
	}
	for _, src := range constructs {
		check(src)
	}
}

// A key is marked where it is, not the whole value around it, so the
// other elements of a map stay usable.
func TestMarkKeys(t *testing.T) {
	v := cty.ObjectVal(map[string]cty.Value{
		"team": cty.StringVal("payments"),
		"key":  cty.StringVal("key: sk_live_abcdefgh12345678"),
		"n":    cty.NumberIntVal(1),
	})
	got, found := markKeys(v)
	if !found || !got.GetAttr("key").IsMarked() || got.GetAttr("team").IsMarked() || got.GetAttr("n").IsMarked() || got.IsMarked() {
		t.Errorf("markKeys = %#v, %v", got, found)
	}
	if _, found := markKeys(cty.StringVal("sk_test_")); found {
		t.Error("a bare prefix is no key")
	}
	if _, found := markKeys(cty.UnknownVal(cty.String)); found {
		t.Error("an unknown value holds no key")
	}
}
