package config

import (
	"maps"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/xoc-dev/xoc/compiler/secret"
)

// redactSecrets rewrites diagnostics so that they quote no secret. Checks
// written here redact what they show, but hcl and cty write their own
// messages, and a function's error quotes its argument whether or not the
// value is marked sensitive ("cannot convert "sk_test_…" to number").
// Every occurrence of a secret that a [secret.Scrubber] recognises becomes
// its redacted form.
func redactSecrets(diags hcl.Diagnostics, values []string) {
	scrubber := secret.NewScrubber()
	for _, s := range values {
		scrubber.Add(s, secret.Redact(s))
	}
	for _, d := range diags {
		d.Summary = scrubber.Scrub(d.Summary)
		d.Detail = scrubber.Scrub(d.Detail)
	}
}

// secrets lists the values of sensitive variables as text: their resolved
// values (every string and number inside them) and the raw inputs given
// for them, which a value that failed to parse may be quoted from.
func secrets(vars map[string]*Variable, values map[string]cty.Value, in Inputs) []string {
	var out []string
	var walk func(v cty.Value)
	walk = func(v cty.Value) {
		v, _ = v.Unmark()
		if !v.IsKnown() || v.IsNull() {
			return
		}
		ty := v.Type()
		switch {
		case ty == cty.String:
			out = append(out, v.AsString())
		case ty == cty.Number:
			out = append(out, v.AsBigFloat().Text('f', -1))
		case ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType() || ty.IsObjectType():
			for it := v.ElementIterator(); it.Next(); {
				_, e := it.Element()
				walk(e)
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		if !vars[name].Sensitive {
			continue
		}
		if v, ok := values[name]; ok {
			walk(v)
		}
		if raw, ok := in.Env[name]; ok {
			out = append(out, raw)
		}
		for _, a := range in.Vars {
			if a.Name == name {
				out = append(out, a.Value)
			}
		}
	}
	return out
}
