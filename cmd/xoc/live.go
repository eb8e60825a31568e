package main

import (
	"time"

	"github.com/spf13/cobra"

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

// url returns the Stripe API base URL of the checks: --stripe-api-url, else
// $XOC_STRIPE_API_URL in the app's environment, else Stripe's own.
func (f *liveFlags) url(a *app) string {
	if f.apiURL != "" {
		return f.apiURL
	}
	if u := a.getenv(live.EnvAPIURL); u != "" {
		return u
	}
	return live.DefaultAPIURL
}
