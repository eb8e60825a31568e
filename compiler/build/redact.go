package build

import (
	"slices"

	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/secret"
)

// redact makes what the run hands out safe to print, whatever format
// prints it: the sources shown under diagnostics and the diagnostics'
// own words. Checks redact what they write, but a source line is the
// user's text (a key written by mistake, a secret in a --var-file), and a
// message may quote text xoc did not write.
//
// Sources are masked byte for byte (see config.RedactSource), so that a
// diagnostic's range still points at the same text: Stripe keys anywhere,
// values of sensitive variables in the bots' files, and in --var-files
// every value not known to be harmless (see showVarValue). Messages lose
// every Stripe key to its redacted form, sk_test_…1a2b.
func (r *run) redact() {
	secrets := map[string][]hcl.Range{}
	for _, b := range r.res.Bots {
		for _, rng := range b.secrets {
			secrets[rng.Filename] = append(secrets[rng.Filename], rng)
		}
	}
	for name, data := range r.res.Sources {
		r.res.Sources[name] = config.RedactSource(data, secrets[name])
	}
	parsed := map[string]*config.VarFile{}
	for _, vf := range r.in.Files {
		parsed[vf.Path] = vf
	}
	show := r.showVarValue()
	for name, data := range r.varSources {
		// A --var-file that is a bot's file too is shown as a var file:
		// its values are all masked but for known harmless ones.
		r.res.Sources[name] = config.RedactVarFile(name, data, parsed[name], show)
	}
	for _, d := range r.res.Diagnostics {
		d.Summary = secret.RedactKeysInText(d.Summary)
		d.Detail = secret.RedactKeysInText(d.Detail)
	}
}

// showVarValue says whether a --var-file's value for a variable may be
// shown: when bots of the run declare the variable, every one that does
// was loaded, and none declares it sensitive. A bot the build cache
// skipped is not loaded, so whether it calls the variable sensitive is not
// known; a name no bot declares may be a misspelt secret.
func (r *run) showVarValue() func(name string) bool {
	show := map[string]bool{}
	for _, b := range r.res.Bots {
		for _, name := range b.variables {
			safe, seen := show[name]
			show[name] = (safe || !seen) && !b.Cached && !slices.Contains(b.sensitive, name)
		}
	}
	return func(name string) bool { return show[name] }
}
