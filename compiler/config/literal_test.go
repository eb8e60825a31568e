package config

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
)

// references skips hcl's evaluation of literals: the value it gives for
// one must be the one hcl gives, and it may call literal only what refers
// to nothing.
func TestLiteralsEvaluateAsHCLDoes(t *testing.T) {
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{
			rootVar:   cty.ObjectVal(map[string]cty.Value{"x": cty.StringVal("X")}),
			rootLocal: cty.ObjectVal(map[string]cty.Value{"y": cty.StringVal("Y")}),
		},
		Functions: functions,
	}
	for _, c := range []struct {
		src     string
		literal bool
	}{
		{`"text"`, true},
		{`""`, true},
		{`"caf\u00e9 cafe\u0301 \\ \t \" é"`, true},
		{`"$${var.x} %%{ if } 100% $5"`, true},
		{`"a ${var.x}"`, false},
		{`"${var.x}"`, false},
		{`"a${"b"}"`, false},
		{`12.5`, true},
		{`true`, true},
		{`null`, true},
		{`[]`, true},
		{`["a", 1, null, ["b", false]]`, true},
		{`["a", var.x]`, false},
		{`{a = 1}`, false},
		{`var.x`, false},
		{`upper("x")`, false},
		{"<<EOT\n  line one\r\n  line two\nEOT\n", true},
		{"<<-EOT\n  indented\n  text\n  EOT\n", true},
	} {
		expr, diags := hclsyntax.ParseExpression([]byte(c.src), "test.xo.hcl", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", c.src, diags)
		}
		checkLiteral(t, c.src, expr, ctx, c.literal)
	}
	for _, c := range []struct {
		src     string
		literal bool
	}{
		{`"text"`, true},
		{`""`, true},
		{`"caf\u00e9 cafe\u0301 \\ \t \" \r\n é \ud800"`, true},
		{`"var.x"`, true},
		{`"$${var.x}"`, false},
		{`"100%"`, false},
		{`"${var.x}"`, false},
		{`"a ${local.y} %{ if true }b%{ endif }"`, false},
		{`12.5`, true},
		{`false`, true},
		{`null`, true},
		{`["a", 1, null, ["b", {"k": "v"}]]`, true},
		{`["a", "${var.x}"]`, false},
		{`{"k": "v", "n": [1]}`, true},
		{`{"${local.y}": "v"}`, false},
		{`{"k": "v", "k": "${var.x}"}`, false},
	} {
		expr, diags := json.ParseExpression([]byte(c.src), "test.xo.json")
		if diags.HasErrors() {
			t.Fatalf("%s: %v", c.src, diags)
		}
		checkLiteral(t, c.src, expr, ctx, c.literal)
	}
}

func checkLiteral(t *testing.T, src string, expr hcl.Expression, ctx *hcl.EvalContext, wantLiteral bool) {
	t.Helper()
	refs, literal := references(expr)
	if got := literal != cty.NilVal; got != wantLiteral {
		t.Errorf("%s: literal %v, want %v", src, got, wantLiteral)
	}
	if literal == cty.NilVal {
		if len(refs) != len(expr.Variables()) {
			t.Errorf("%s: %d references, hcl finds %d", src, len(refs), len(expr.Variables()))
		}
		return
	}
	if len(refs) != 0 || len(expr.Variables()) != 0 {
		t.Errorf("%s: a literal with references", src)
	}
	val, diags := expr.Value(ctx)
	if len(diags) != 0 || !val.RawEquals(literal) {
		t.Errorf("%s: literal %#v, hcl evaluates %#v (%v)", src, literal, val, diags)
	}
}
