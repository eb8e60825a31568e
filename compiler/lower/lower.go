// Package lower turns a validated bot configuration into the export IR:
// bot settings, env variables, the auth profile and one dialog task per
// installed template, built from the template catalog.
package lower

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/ir"
)

// Env variables of every export with a Stripe action. The base URL is an
// env variable so that an imported bot can be pointed at a proxy (or at
// stripe-mock) without editing its dialogs.
const (
	BaseURLEnvVar  = ir.StripeBaseURLEnvVar
	DefaultBaseURL = "https://api.stripe.com"
)

// Options are the build switches that change the export.
type Options struct {
	// EmbedSecrets writes the API key's value into config.json, for a
	// pipeline that imports the export and never commits it.
	EmbedSecrets bool
}

// Lower builds the export IR of a bot. It assumes cfg has no errors; the
// diagnostics it returns are the few problems only lowering can see (a
// key needed for --embed-secrets without a value, an icon the checks did
// not read).
func Lower(cfg *config.Config, opts Options) (*ir.Bot, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	b := &ir.Bot{
		Label:       cfg.Bot.Label,
		Name:        cfg.Bot.Name,
		Description: cfg.Bot.Description,
		Language:    cfg.Bot.Language,
	}
	// The icon is the bytes the configuration's checks read and checked:
	// reading the file again could take other bytes.
	if cfg.Bot.Icon != "" {
		if cfg.IconData == nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid icon",
				Detail: fmt.Sprintf("icon %q was not read.", cfg.Bot.Icon), Subject: cfg.Bot.IconRange.Ptr()})
		}
		b.Icon = cfg.IconData
	}
	if cfg.Stripe == nil {
		return b, diags
	}

	auth := cfg.Stripe.Authorization
	lowered := templateAuth{Mode: auth.Mode, BaseURLEnvVar: BaseURLEnvVar}
	baseURL := DefaultBaseURL
	switch auth.Mode {
	case config.ModePreAuthorized:
		if auth.APIKey.Variable == BaseURLEnvVar {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Reserved variable name",
				Detail:   fmt.Sprintf("The export names the Stripe base URL's env variable %q, so the key's variable needs another name.", BaseURLEnvVar),
				Subject:  auth.APIKey.Range.Ptr(),
			})
		}
		lowered.KeyEnvVar = auth.APIKey.Variable
		key := ir.EnvVar{Key: auth.APIKey.Variable, Hint: "Stripe secret or restricted API key", Secured: true}
		if opts.EmbedSecrets {
			value, known := auth.APIKey.Value()
			if !known {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "No value for variable",
					Detail: fmt.Sprintf("--embed-secrets writes the Stripe key into config.json, but variable %q has no value. Set it with the environment variable XOC_VAR_%s or --var %s=VALUE.",
						auth.APIKey.Variable, auth.APIKey.Variable, auth.APIKey.Variable),
					Subject: auth.APIKey.Range.Ptr(),
				})
			}
			key.Value = value
		}
		b.EnvVars = append(b.EnvVars, key)
	case config.ModeUserAuthorized:
		lowered.Profile = auth.Profile
		for _, p := range cfg.AuthProfiles {
			if p.Name != auth.Profile {
				continue
			}
			baseURL = p.BaseURL
			b.AuthProfiles = append(b.AuthProfiles, ir.AuthProfile{
				Name:                  p.Name,
				Description:           p.Description,
				BaseURL:               p.BaseURL,
				AuthorizationCheckURL: p.AuthorizationCheckURL,
				Tenancy:               p.Tenancy,
			})
		}
	}
	b.EnvVars = append(b.EnvVars, ir.EnvVar{Key: BaseURLEnvVar, Value: baseURL, Hint: "Stripe API base URL; point it at a proxy if the bot must not call Stripe directly"})

	for _, t := range cfg.Stripe.Templates {
		// The bot's own templates first: one may replace the catalog's.
		tmpl, ok := cfg.Templates.Lookup(t.Name)
		if !ok {
			continue // reported by config
		}
		o := overrides{DialogName: t.DialogName, Utterances: t.Utterances, Options: t.Options, Entities: map[string]entityOverride{}}
		for name, e := range t.Entities {
			o.Entities[name] = entityOverride{Prompt: e.Prompt, ErrorPrompt: e.ErrorPrompt}
		}
		d, err := lowerTemplate(tmpl, lowered, o)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Cannot install template",
				Detail:   fmt.Sprintf("template %q: %s", t.Name, err),
				Subject:  t.DeclRange.Ptr(),
			})
			continue
		}
		if src := cfg.TemplateSource(t.Name); src != nil && src.Template != nil {
			d.Source = src.Path
		}
		b.Dialogs = append(b.Dialogs, d)
	}
	return b, diags
}
