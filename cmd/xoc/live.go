package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/live"
)

// liveFlags are the flags of the live credential checks.
type liveFlags struct {
	cmd     *cobra.Command
	enabled bool
	apiURL  string
	timeout time.Duration
}

func (f *liveFlags) register(cmd *cobra.Command, a *app) {
	f.cmd = cmd
	cmd.Flags().BoolVar(&f.enabled, "check-credentials", false, "check each distinct Stripe key live (GET /v1/balance), and auth profiles given a test key in XOC_TEST_KEY_<PROFILE>")
	cmd.Flags().StringVar(&f.apiURL, "stripe-api-url", "", "Stripe API base URL of --check-credentials, for keys and auth profiles alike (default $"+live.EnvAPIURL+" or "+live.DefaultAPIURL+")")
	cmd.Flags().DurationVar(&f.timeout, "timeout", live.DefaultTimeout, "time limit of each live check, retries included (positive)")
}

// options returns the live checks' options, nil without
// --check-credentials. The flags are checked even when they are not used,
// since a malformed value is a mistake either way; $XOC_STRIPE_API_URL
// only when it is used.
func (f *liveFlags) options(a *app) (*live.Options, error) {
	if f.cmd.Flags().Changed("timeout") {
		if err := checkTimeout(f.timeout); err != nil {
			return nil, err
		}
	}
	if f.cmd.Flags().Changed("stripe-api-url") {
		if err := checkAPIURL("--stripe-api-url", f.apiURL); err != nil {
			return nil, err
		}
	}
	if !f.enabled {
		return nil, nil
	}
	apiURL, err := stripeAPIURL(a, f.apiURL)
	if err != nil {
		return nil, err
	}
	return &live.Options{APIURL: apiURL, Timeout: f.timeout}, nil
}

// stripeAPIURL returns the Stripe API base URL a command line asks for:
// flag (--stripe-api-url), else $XOC_STRIPE_API_URL in the app's
// environment, else "" (Stripe's own, or the export's for run).
func stripeAPIURL(a *app, flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	u := a.getenv(live.EnvAPIURL)
	if u == "" {
		return "", nil
	}
	if err := checkAPIURL("$"+live.EnvAPIURL, u); err != nil {
		return "", err
	}
	return u, nil
}
