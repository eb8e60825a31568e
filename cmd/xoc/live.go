package main

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/catalog"
	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/live"
)

// liveFlags are the flags of the live credential checks.
type liveFlags struct {
	enabled bool
	apiURL  string
	timeout time.Duration
}

func (f *liveFlags) register(cmd *cobra.Command, a *app) {
	cmd.Flags().BoolVar(&f.enabled, "check-credentials", false, "check each distinct Stripe key live (GET /v1/balance), and auth profiles given a test key in XOC_TEST_KEY_<PROFILE>")
	cmd.Flags().StringVar(&f.apiURL, "stripe-api-url", "", "Stripe API base URL for --check-credentials (default $"+live.EnvAPIURL+" or "+live.DefaultAPIURL+")")
	cmd.Flags().DurationVar(&f.timeout, "timeout", live.DefaultTimeout, "time limit of each live check, retries included")
}

func (f *liveFlags) url(a *app) string {
	if f.apiURL != "" {
		return f.apiURL
	}
	if u := a.getenv(live.EnvAPIURL); u != "" {
		return u
	}
	return live.DefaultAPIURL
}

// loadChecked loads the bots of a command line and, with
// --check-credentials and no error so far, checks their credentials live.
// The code is exitUnreachable when a live check could not reach Stripe.
func (a *app) loadChecked(ctx context.Context, args []string, flags *configFlags, lf *liveFlags, cacheDir, outDir string) (*loaded, int, error) {
	l, err := a.loadBots(args, flags, cacheDir, outDir)
	if err != nil {
		return nil, exitOK, err
	}
	code := exitOK
	if !l.diags.HasErrors() && lf.enabled {
		code = a.checkCredentials(ctx, l, lf)
	}
	return l, code, nil
}

// checkCredentials checks every bot's Stripe credentials live and adds the
// outcomes to l.diags. It returns exitUnreachable when a check could not
// reach Stripe, else exitOK (errors in diags say the rest).
func (a *app) checkCredentials(ctx context.Context, l *loaded, f *liveFlags) int {
	checker := live.NewChecker(live.Options{APIURL: f.url(a), Timeout: f.timeout})
	type keyUse struct {
		cfg   *config.Config
		check live.KeyCheck
	}
	var keyUses []keyUse
	for _, cfg := range l.configs {
		if cfg.Stripe == nil {
			continue
		}
		auth := cfg.Stripe.Authorization
		switch auth.Mode {
		case config.ModePreAuthorized:
			key, known := auth.APIKey.Value()
			if !known {
				l.diags = append(l.diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "No value for variable",
					Detail: fmt.Sprintf("--check-credentials needs the Stripe key in variable %q, which has no value. Set it with the environment variable XOC_VAR_%s or --var %s=VALUE.",
						auth.APIKey.Variable, auth.APIKey.Variable, auth.APIKey.Variable),
					Subject: auth.APIKey.Range.Ptr(),
				})
				continue
			}
			keyUses = append(keyUses, keyUse{cfg, live.KeyCheck{Key: key, Resources: resourcesOf(cfg)}})
		}
	}
	checks := make([]live.KeyCheck, len(keyUses))
	for i, u := range keyUses {
		checks[i] = u.check
	}

	code := exitOK
	results := checker.CheckKeys(ctx, checks)
	for i, res := range results {
		d, unreachable := keyDiagnostic(res, keyUses[i].cfg.Stripe.Authorization.APIKey.Range)
		if d != nil {
			l.diags = append(l.diags, d)
		}
		if unreachable {
			code = exitUnreachable
		}
	}

	for _, cfg := range l.configs {
		if cfg.Stripe == nil || cfg.Stripe.Authorization.Mode != config.ModeUserAuthorized {
			continue
		}
		for _, p := range cfg.AuthProfiles {
			if p.Name != cfg.Stripe.Authorization.Profile {
				continue
			}
			envVar := live.ProfileKeyEnvVar(p.Name)
			key := a.getenv(envVar)
			if key == "" {
				l.diags = append(l.diags, &hcl.Diagnostic{
					Severity: hcl.DiagWarning,
					Summary:  "Authorization check skipped",
					Detail:   fmt.Sprintf("auth_profile %q: set %s to a Stripe test key to have --check-credentials call its authorization_check_url the way the platform's Test button does.", p.Name, envVar),
					Subject:  p.DeclRange.Ptr(),
				})
				continue
			}
			res := live.CheckProfile(ctx, p.AuthorizationCheckURL, key, f.timeout)
			d, unreachable := keyDiagnostic(res, p.AuthorizationCheckURLRange)
			if d != nil {
				d.Detail = fmt.Sprintf("auth_profile %q: %s", p.Name, d.Detail)
				l.diags = append(l.diags, d)
			}
			if unreachable {
				code = exitUnreachable
			}
		}
	}
	return code
}

// resourcesOf lists the Stripe resources a bot's templates use: what a
// restricted key must be able to read.
func resourcesOf(cfg *config.Config) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range cfg.Stripe.Templates {
		if tmpl, ok := catalog.Lookup(t.Name); ok {
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

// keyDiagnostic turns a check result into a diagnostic at rng.
func keyDiagnostic(res live.Result, rng hcl.Range) (*hcl.Diagnostic, bool) {
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Detail: res.Message, Subject: rng.Ptr()}
	switch res.Outcome {
	case live.OK, live.Skipped:
		return nil, false
	case live.Rejected:
		d.Summary = "Stripe rejected the API key"
	case live.MissingPermission:
		d.Summary = "Restricted key lacks a permission"
	case live.Unreachable:
		d.Summary = "Stripe could not be reached"
		return d, true
	default:
		d.Summary = "Credential check failed"
	}
	return d, false
}
