package build

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"

	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/config"
)

// checkAcrossBots reports what no bot shows alone: two bots with one
// label, and --var and --var-file values that no bot of the run declares.
func (r *run) checkAcrossBots() {
	var diags hcl.Diagnostics
	first := map[string]*Bot{} // by label, in directory order
	declared := map[string]bool{}
	// A bot without a label did not load far enough for its
	// declarations to be known (a file of it did not parse, say): no
	// name is then called undeclared, as it may be one of its own.
	allKnown := true
	for i := range r.res.Bots {
		b := &r.res.Bots[i]
		for _, name := range b.variables {
			declared[name] = true
		}
		if b.Label == "" {
			allKnown = false
			continue
		}
		prev, dup := first[b.Label]
		if !dup {
			first[b.Label] = b
			continue
		}
		at := b
		if b.Cached && !prev.Cached {
			// A cached bot was not loaded: name the one that was.
			at = prev
		}
		var subject *hcl.Range
		if !at.Cached {
			subject = at.labelRange.Ptr()
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Duplicate bot label",
			Detail: fmt.Sprintf("Bot %q is declared in %s and in %s; each bot's export goes to a folder named after its label, so labels must differ.",
				b.Label, prev.Dir, b.Dir),
			Subject: subject,
		})
	}
	if allKnown {
		diags = append(diags, r.undeclaredValues(declared)...)
	}
	r.res.Diagnostics = append(r.res.Diagnostics, diags...)
	r.keepSourcesOf(diags)
}

// undeclaredValues reports the --var and --var-file values for variables
// that no bot of the run declares: a misspelt name whose value would be
// silently dropped (a key meant for stripe_api_key, say), so an error.
// Each is reported once for the run, not once per bot: a var file may
// serve many bots, each declaring some of its variables.
func (r *run) undeclaredValues(declared map[string]bool) hcl.Diagnostics {
	var diags hcl.Diagnostics
	names := slices.Sorted(maps.Keys(declared))
	var undeclared []string
	for _, v := range r.req.Vars {
		if !declared[v.Name] && !slices.Contains(undeclared, v.Name) {
			undeclared = append(undeclared, v.Name)
		}
	}
	slices.Sort(undeclared)
	for _, name := range undeclared {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Value for undeclared variable",
			Detail:   fmt.Sprintf("--var %s sets a variable that no bot of this run declares. Declare it with a variable %q block, or remove the --var.", name, name),
		})
	}
	for _, f := range r.in.Files {
		attrs := slices.SortedFunc(maps.Values(f.Attrs), func(a, b *hcl.Attribute) int { return a.Range.Start.Byte - b.Range.Start.Byte })
		for _, attr := range attrs {
			if declared[attr.Name] {
				continue
			}
			hint := ""
			if s := config.Suggest(attr.Name, names); s != "" {
				hint = fmt.Sprintf(" Did you mean %q?", s)
			}
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Value for undeclared variable",
				Detail:   fmt.Sprintf("%s sets %q, a variable that no bot of this run declares.%s Declare it with a variable %q block, or remove the line.", filepath.Base(f.Path), attr.Name, hint, attr.Name),
				Subject:  attr.NameRange.Ptr(),
			})
		}
	}
	return diags
}
