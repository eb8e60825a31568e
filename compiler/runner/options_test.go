package runner

import (
	"maps"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/ir"
	"github.com/xoc-dev/xoc/internal/stripemock"
)

// TestStripeAPIURL: the Stripe API URL of a run wins over the export's
// base URL and over an Env value for it, and leaves Env as it was.
func TestStripeAPIURL(t *testing.T) {
	srv := stripemock.Start(t)
	bot := load(t, "create_customer")
	env := map[string]string{ir.StripeBaseURLEnvVar: "http://127.0.0.1:1", "stripe_api_key": testKey}
	given := maps.Clone(env)
	tr := mustRun(t, bot, Options{
		Entities:     map[string]string{"name": "Smith & Sons"},
		Env:          env,
		StripeAPIURL: srv.URL,
	})
	assertCleanSuccess(t, tr)
	for _, c := range tr.Calls {
		if !strings.HasPrefix(c.URL, srv.URL+"/") {
			t.Errorf("%s %s did not go to %s", c.Method, c.URL, srv.URL)
		}
	}
	if !maps.Equal(env, given) {
		t.Errorf("Options.Env changed to %v", env)
	}
}

func TestEnvOverrides(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want map[string]string
	}{
		{"nothing", Options{}, nil},
		{"env only", Options{Env: map[string]string{"a": "1"}}, map[string]string{"a": "1"}},
		{"url only", Options{StripeAPIURL: "http://mock"}, map[string]string{ir.StripeBaseURLEnvVar: "http://mock"}},
		{
			"url over env",
			Options{Env: map[string]string{"a": "1", ir.StripeBaseURLEnvVar: "http://env"}, StripeAPIURL: "http://mock"},
			map[string]string{"a": "1", ir.StripeBaseURLEnvVar: "http://mock"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.opts.envOverrides(); !maps.Equal(got, tt.want) {
				t.Errorf("envOverrides() = %v, want %v", got, tt.want)
			}
		})
	}
}
