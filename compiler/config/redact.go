package config

import (
	"maps"
	"regexp"
	"slices"
	"strings"

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

// maskValue masks the value expression at src[start:end], keeping the
// quotes of a quoted string, so that the line still reads as an
// assignment of a string.
func maskValue(src []byte, start, end int) {
	if start < 0 || end > len(src) || start >= end {
		return
	}
	if end-start >= 2 && src[start] == '"' && src[end-1] == '"' {
		start, end = start+1, end-1
	}
	secret.Mask(src, start, end)
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
