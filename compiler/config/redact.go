package config

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/xoc-dev/xoc/compiler/secret"
)

// redactSecrets rewrites diagnostics so that they quote no secret. Checks
// written here redact what they show, but hcl and cty write their own
// messages, and a function's error quotes its argument whether or not the
// value is marked sensitive ("cannot convert "sk_test_…" to number").
// Every occurrence of a secret that a [secret.Scrubber] recognises becomes
// its redacted form.
//
// A value made from a secret (upper(var.key)) is a secret too, though not
// one of values. hcl's own messages say which expression they are about
// and in what context it was evaluated: the marked values computed in it
// are scrubbed from the message too, and where they cannot be computed
// again, the message's details are withheld.
func redactSecrets(diags hcl.Diagnostics, values []string) {
	scrubber := secret.NewScrubber()
	for _, s := range values {
		scrubber.Add(s, secret.Redact(s))
	}
	for _, d := range diags {
		if derived, ok := markedValuesOf(d); !ok {
			d.Detail = "The details are withheld: the expression uses a secret (the value of a sensitive variable, or a Stripe key given to a variable), which they may quote."
		} else if len(derived) > 0 {
			own := secret.NewScrubber()
			for _, s := range append(slices.Clone(values), derived...) {
				own.Add(s, secret.Redact(s))
			}
			d.Summary = own.Scrub(d.Summary)
			d.Detail = own.Scrub(d.Detail)
			continue
		}
		d.Summary = scrubber.Scrub(d.Summary)
		d.Detail = scrubber.Scrub(d.Detail)
	}
}

// markedValuesOf returns, for a message of hcl's evaluator, the text of
// every marked value that the expression it is about, or any expression
// inside it, computes: what the message may quote. hcl gives its messages
// the expression and its context, which checks written here do not. ok is
// false when an expression that uses a marked value cannot be computed
// again, so that what it quotes is not known.
func markedValuesOf(d *hcl.Diagnostic) (values []string, ok bool) {
	if d.Expression == nil || d.EvalContext == nil || !usesMarkedValue(d.Expression, d.EvalContext) {
		return nil, true
	}
	add := func(v cty.Value) {
		if v.ContainsMarked() {
			values = append(values, leavesOf(v)...)
		}
	}
	native, isNative := d.Expression.(hclsyntax.Expression)
	if !isNative {
		v, diags := d.Expression.Value(d.EvalContext)
		add(v)
		return values, !diags.HasErrors()
	}
	hclsyntax.VisitAll(native, func(n hclsyntax.Node) hcl.Diagnostics {
		if x, isExpr := n.(hclsyntax.Expression); isExpr {
			// Parts that fail (the body of a for expression, without its
			// symbols; the failing call itself) quote what their parts
			// compute, and those are visited too.
			if v, diags := x.Value(d.EvalContext); !diags.HasErrors() {
				add(v)
			}
		}
		return nil
	})
	return values, true
}

// usesMarkedValue reports whether expr refers to a marked value of ctx.
func usesMarkedValue(expr hcl.Expression, ctx *hcl.EvalContext) bool {
	for _, tr := range expr.Variables() {
		root, ok := ctx.Variables[tr.RootName()]
		if !ok {
			continue
		}
		// The referenced value, or, for a reference that goes wrong
		// (an index out of range), the named variable or local as a whole.
		if v, diags := tr.TraverseAbs(ctx); !diags.HasErrors() && v.ContainsMarked() {
			return true
		}
		if len(tr) >= 2 && root.Type().IsObjectType() {
			if step, isAttr := tr[1].(hcl.TraverseAttr); isAttr && root.Type().HasAttribute(step.Name) && root.GetAttr(step.Name).ContainsMarked() {
				return true
			}
		}
	}
	return false
}

// leavesOf returns every string and number inside v as text.
func leavesOf(v cty.Value) []string {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return []string{v.AsString()}
	case ty == cty.Number:
		return []string{v.AsBigFloat().Text('f', -1)}
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType() || ty.IsObjectType():
		var out []string
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, leavesOf(e)...)
		}
		return out
	}
	return nil
}

// secrets lists, as text, the values of sensitive variables (their
// resolved values, every string and number inside them, and the inputs
// given for them, which a value that failed to parse may be quoted from)
// and the Stripe keys given to variables that are not sensitive.
func secrets(vars map[string]*Variable, values map[string]cty.Value, in Inputs) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		if v := vars[name]; !v.Sensitive {
			if v.KeyFrom != "" {
				for _, s := range leavesOf(values[name]) {
					out = append(out, secretInText.FindAllString(s, -1)...)
				}
			}
			continue
		}
		out = append(out, leavesOf(values[name])...)
		if raw, ok := in.Env[name]; ok {
			out = append(out, raw)
		}
		for _, f := range in.Files {
			if attr, ok := f.Attrs[name]; ok {
				// The value as written, which a value that does not fit
				// the variable's type may be quoted from.
				if v, diags := attr.Expr.Value(nil); !diags.HasErrors() {
					out = append(out, leavesOf(v)...)
				}
			}
		}
		for _, a := range in.Vars {
			if a.Name == name {
				out = append(out, a.Value)
			}
		}
	}
	return out
}

// SensitiveRanges returns the places in the bot's files that hold the
// value of a sensitive variable: the defaults written for them. A
// diagnostic that shows the source around one must not show the value.
func (c *Config) SensitiveRanges() []hcl.Range {
	var out []hcl.Range
	for _, name := range slices.Sorted(maps.Keys(c.Variables)) {
		if v := c.Variables[name]; v.Sensitive && v.DefaultRange != nil {
			out = append(out, *v.DefaultRange)
		}
	}
	return out
}

// RedactSource returns a file's bytes as a diagnostic may show them: every
// Stripe key in it masked, and every value at one of ranges (see
// SensitiveRanges) masked whole. Masks keep the length of what they
// replace (see secret.Mask), so the diagnostics' ranges still point at the
// same text. src is not changed.
func RedactSource(src []byte, ranges []hcl.Range) []byte {
	out := secret.MaskKeys(src)
	if len(ranges) == 0 || len(src) == 0 {
		return out
	}
	if &out[0] == &src[0] {
		out = slices.Clone(src) // MaskKeys found no key: src itself
	}
	for _, rng := range ranges {
		maskValue(out, rng.Start.Byte, rng.End.Byte)
	}
	return out
}

// maskValue masks the value expression at src[start:end]: every literal
// and name in it, but not its quotes, brackets and commas, so that the
// file still parses as it did (a diagnostic's text names the block it is
// in by parsing the file again) and the line still reads as a string or
// a list. What cannot be read as an expression is masked whole.
func maskValue(src []byte, start, end int) {
	if start < 0 || end > len(src) || start >= end {
		return
	}
	tokens, diags := hclsyntax.LexExpression(src[start:end], "", hcl.InitialPos)
	if diags.HasErrors() {
		secret.Mask(src, start, end)
		return
	}
	for _, tok := range tokens {
		switch tok.Type {
		case hclsyntax.TokenOQuote, hclsyntax.TokenCQuote, hclsyntax.TokenOBrack, hclsyntax.TokenCBrack,
			hclsyntax.TokenOBrace, hclsyntax.TokenCBrace, hclsyntax.TokenComma, hclsyntax.TokenColon,
			hclsyntax.TokenEqual, hclsyntax.TokenNewline, hclsyntax.TokenEOF:
			continue
		}
		secret.Mask(src, start+tok.Range.Start.Byte, start+tok.Range.End.Byte)
	}
}

// RedactVarFile returns the bytes of the --var-file at path as a
// diagnostic may show them. Every Stripe key is masked, and so is the
// value of every entry except those show says may be shown: the run knows
// which variables its bots declare sensitive, and a value whose variable
// it does not know (a misspelt name, a variable of a bot the build cache
// skipped) may be a secret too.
//
// vf is the file as parsed, or nil when it did not parse. Then an entry
// is taken to start at a name and "=" at the start of a line (a quoted
// name and ":" anywhere, in the JSON syntax) and to run to the next: a
// broken file shows masked every value that a diagnostic on its line
// might show.
func RedactVarFile(path string, src []byte, vf *VarFile, show func(name string) bool) []byte {
	out := slices.Clone(secret.MaskKeys(src))
	if vf != nil {
		for name, attr := range vf.Attrs {
			if !show(name) {
				rng := attr.Expr.Range()
				maskValue(out, rng.Start.Byte, rng.End.Byte)
			}
		}
		return out
	}
	entry := varFileEntryHCL
	if strings.HasSuffix(path, ".json") {
		entry = varFileEntryJSON
	}
	entries := entry.FindAllSubmatchIndex(out, -1)
	for i, m := range entries {
		end := len(out)
		if i+1 < len(entries) {
			end = entries[i+1][0]
		}
		if name := string(out[m[2]:m[3]]); !show(name) {
			start := m[1]
			for start < end && (out[start] == ' ' || out[start] == '\t') {
				start++ // the line still reads name = ****
			}
			secret.Mask(out, start, end)
		}
	}
	return out
}

// The start of an entry of a var file that did not parse: the group is
// the name; the match ends after the = or :.
var (
	varFileEntryHCL  = regexp.MustCompile(`(?m)^[ \t]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*=`)
	varFileEntryJSON = regexp.MustCompile(`"([^"\\]*)"\s*:`)
)
