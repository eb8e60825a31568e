package build

import (
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"
)

// checkAcrossBots reports what no bot shows alone: two bots with one
// label, and --var values that no bot of the run declares.
func (r *run) checkAcrossBots() {
	var diags hcl.Diagnostics
	first := map[string]*Bot{} // by label, in directory order
	declared := map[string]bool{}
	for i := range r.res.Bots {
		b := &r.res.Bots[i]
		for _, name := range b.variables {
			declared[name] = true
		}
		if b.Label == "" {
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
	r.res.Diagnostics = append(r.res.Diagnostics, diags...)
	r.keepSourcesOf(diags)
}
