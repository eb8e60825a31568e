package live

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/config"
)

// CheckOptions configures [CheckConfigs].
type CheckOptions struct {
	// Options configure the checks of pre-authorized keys; its Timeout
	// also bounds each auth profile's check.
	Options

	// Getenv looks up an environment variable, for the test key of a
	// user-authorized bot's auth profile (see [ProfileKeyEnvVar]). It is
	// injected so that the caller decides what the environment is; nil
	// means no variable is set, so every profile check is skipped.
	Getenv func(key string) string
}

// CheckConfigs checks the Stripe credentials of loaded bots live and
// describes the outcome as diagnostics:
//
//   - a pre-authorized bot's api_key is checked with a [Checker], which
//     sends one set of requests per distinct key however many bots share
//     it; a key variable without a value is an error at the attribute;
//   - a user-authorized bot's auth profile is checked with [CheckProfile]
//     when Getenv gives a test key for it, and otherwise gets a warning
//     saying how to provide one. With Options.APIURL set, its check URL's
//     path is called there instead of on the profile's host.
//
// A check that passed adds nothing. unreachable reports whether some check
// could not reach Stripe (or the profile's check URL), which the command
// line exits with a code of its own for; diags hold that error too.
//
// The diagnostics come in a fixed order: missing key values in bot order,
// then failed key checks in bot order, then profile checks in bot order.
func CheckConfigs(ctx context.Context, cfgs []*config.Config, opts CheckOptions) (diags hcl.Diagnostics, unreachable bool) {
	keyDiags, keysUnreachable := checkAPIKeys(ctx, cfgs, opts.Options)
	profileDiags, profilesUnreachable := checkAuthProfiles(ctx, cfgs, opts)
	diags = append(keyDiags, profileDiags...)
	return diags, keysUnreachable || profilesUnreachable
}

// checkAPIKeys checks the api_key of every pre-authorized bot.
func checkAPIKeys(ctx context.Context, cfgs []*config.Config, opts Options) (diags hcl.Diagnostics, unreachable bool) {
	// keyRanges[i] is where the key of checks[i] was written, for its
	// diagnostic.
	var checks []KeyCheck
	var keyRanges []hcl.Range
	for _, cfg := range cfgs {
		if cfg.Stripe == nil || cfg.Stripe.Authorization.Mode != config.ModePreAuthorized {
			continue
		}
		apiKey := cfg.Stripe.Authorization.APIKey
		key, known := apiKey.Value()
		if !known {
			diags = append(diags, noKeyValueDiagnostic(apiKey))
			continue
		}
		checks = append(checks, KeyCheck{Key: key, Resources: templateResources(cfg)})
		keyRanges = append(keyRanges, apiKey.Range)
	}

	results := NewChecker(opts).CheckKeys(ctx, checks)
	for i, res := range results {
		if d := res.diagnostic(keyRanges[i]); d != nil {
			diags = append(diags, d)
		}
		unreachable = unreachable || res.Outcome == Unreachable
	}
	return diags, unreachable
}

// noKeyValueDiagnostic says that a key cannot be checked because its
// variable has no value, and how to give it one.
func noKeyValueDiagnostic(apiKey config.APIKey) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "No value for variable",
		Detail: fmt.Sprintf("--check-credentials needs the Stripe key in variable %q, which has no value. Set it with the environment variable XOC_VAR_%s or --var %s=VALUE.",
			apiKey.Variable, apiKey.Variable, apiKey.Variable),
		Subject: apiKey.Range.Ptr(),
	}
}

// checkAuthProfiles checks the auth profile of every user-authorized bot
// that has a test key in the environment.
func checkAuthProfiles(ctx context.Context, cfgs []*config.Config, opts CheckOptions) (diags hcl.Diagnostics, unreachable bool) {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	for _, cfg := range cfgs {
		if cfg.Stripe == nil || cfg.Stripe.Authorization.Mode != config.ModeUserAuthorized {
			continue
		}
		for _, p := range cfg.AuthProfiles {
			if p.Name != cfg.Stripe.Authorization.Profile {
				continue
			}
			envVar := ProfileKeyEnvVar(p.Name)
			key := getenv(envVar)
			if key == "" {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagWarning,
					Summary:  "Authorization check skipped",
					Detail:   fmt.Sprintf("auth_profile %q: set %s to a Stripe test key to have --check-credentials call its authorization_check_url the way the platform's Test button does.", p.Name, envVar),
					Subject:  p.DeclRange.Ptr(),
				})
				continue
			}
			checkURL := p.AuthorizationCheckURL
			if opts.APIURL != "" {
				checkURL = onAPIURL(checkURL, opts.APIURL)
			}
			res := checkProfile(ctx, checkURL, key, opts.Timeout, opts.Transport)
			if d := res.diagnostic(p.AuthorizationCheckURLRange); d != nil {
				d.Detail = fmt.Sprintf("auth_profile %q: %s", p.Name, d.Detail)
				diags = append(diags, d)
			}
			unreachable = unreachable || res.Outcome == Unreachable
		}
	}
	return diags, unreachable
}

// templateResources lists the Stripe resources a bot's templates use:
// what a restricted key must be able to read.
func templateResources(cfg *config.Config) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range cfg.Stripe.Templates {
		if tmpl, ok := cfg.Templates.Lookup(t.Name); ok {
			for _, r := range tmpl.Resources {
				if !seen[r] {
					seen[r] = true
					out = append(out, r)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// diagnostic turns a failed check into an error at subject, the attribute
// that holds what was checked. A check that passed or was skipped gives
// nil.
func (r Result) diagnostic(subject hcl.Range) *hcl.Diagnostic {
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Detail: r.Message, Subject: subject.Ptr()}
	switch r.Outcome {
	case OK, Skipped:
		return nil
	case Rejected:
		d.Summary = "Stripe rejected the API key"
	case MissingPermission:
		d.Summary = "Restricted key lacks a permission"
	case Unreachable:
		d.Summary = "Stripe could not be reached"
	default:
		d.Summary = "Credential check failed"
	}
	return d
}
