package live

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/internal/stripemock"
)

// preAuthorizedBot is a bot that calls Stripe with the key in variable
// stripe_api_key; its templates use customers, invoiceitems and invoices.
const preAuthorizedBot = `
bot "shop" {}
variable "stripe_api_key" {
  type      = string
  sensitive = true
}
action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "create_invoice" {}
  template "list_customers" {}
}
`

// userAuthorizedBot is a bot whose end users sign in with auth profile
// stripe_end_user, checked at BASE_URL/v1/balance. The profile "unused" is
// not the action's, so it is never checked.
const userAuthorizedBot = `
bot "self_service" {}
auth_profile "stripe_end_user" {
  type                    = "basic"
  base_url                = "BASE_URL"
  authorization_check_url = "BASE_URL/v1/balance"
}
auth_profile "unused" {
  type                    = "basic"
  base_url                = "BASE_URL"
  authorization_check_url = "BASE_URL/v1/balance"
}
action "stripe" {
  authorization {
    mode    = "user_authorized"
    profile = auth_profile.stripe_end_user
  }
  template "list_customers" {}
}
`

// profileKeyVar is where CheckConfigs looks for the test key of
// userAuthorizedBot's profile.
const profileKeyVar = "XOC_TEST_KEY_STRIPE_END_USER"

// loadBot loads a bot from source, with the given XOC_VAR_ values.
func loadBot(t *testing.T, src string, vars map[string]string) *config.Config {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bot.xo.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, _, diags := config.Load(dir, config.Inputs{Env: vars})
	if diags.HasErrors() {
		t.Fatalf("loading the bot: %s", diags.Error())
	}
	return cfg
}

func preAuthorized(t *testing.T, key string) *config.Config {
	t.Helper()
	vars := map[string]string{}
	if key != "" {
		vars["stripe_api_key"] = key
	}
	return loadBot(t, preAuthorizedBot, vars)
}

func userAuthorized(t *testing.T, baseURL string) *config.Config {
	t.Helper()
	return loadBot(t, strings.ReplaceAll(userAuthorizedBot, "BASE_URL", baseURL), nil)
}

// env returns a Getenv over vars that records the names asked for.
func env(vars map[string]string, asked *[]string) func(string) string {
	return func(key string) string {
		*asked = append(*asked, key)
		return vars[key]
	}
}

func checkConfigs(t *testing.T, apiURL string, getenv func(string) string, cfgs ...*config.Config) (hcl.Diagnostics, bool) {
	t.Helper()
	return CheckConfigs(context.Background(), cfgs, CheckOptions{Options: fastOptions(apiURL), Getenv: getenv})
}

// assertDiags compares diagnostics field by field, ranges included.
func assertDiags(t *testing.T, got hcl.Diagnostics, want ...*hcl.Diagnostic) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(want), got.Error())
	}
	for i, g := range got {
		w := want[i]
		if g.Severity != w.Severity || g.Summary != w.Summary || g.Detail != w.Detail {
			t.Errorf("diagnostic %d:\n got %v %q: %q\nwant %v %q: %q", i, g.Severity, g.Summary, g.Detail, w.Severity, w.Summary, w.Detail)
		}
		if g.Subject == nil || *g.Subject != *w.Subject {
			t.Errorf("diagnostic %d (%s): subject %v, want %v", i, g.Summary, g.Subject, w.Subject)
		}
	}
}

func TestCheckConfigsAgainstStripeMock(t *testing.T) {
	mock := stripemock.Start(t)

	t.Run("accepted key", func(t *testing.T) {
		diags, unreachable := checkConfigs(t, mock.URL, nil, preAuthorized(t, goodSecretKey))
		if len(diags) != 0 || unreachable {
			t.Errorf("unreachable %v, diagnostics:\n%s", unreachable, diags.Error())
		}
	})

	t.Run("rejected key", func(t *testing.T) {
		cfg := preAuthorized(t, liveKey)
		diags, unreachable := checkConfigs(t, mock.URL, nil, cfg)
		if unreachable {
			t.Error("unreachable, want a rejection")
		}
		// The detail is the check's own message, at the api_key attribute.
		res := NewChecker(fastOptions(mock.URL)).CheckKey(context.Background(), liveKey, nil)
		assertDiags(t, diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Stripe rejected the API key",
			Detail:   res.Message,
			Subject:  cfg.Stripe.Authorization.APIKey.Range.Ptr(),
		})
		if strings.Contains(diags.Error(), liveKey) {
			t.Error("the diagnostic shows the key")
		}
	})

	t.Run("missing key value", func(t *testing.T) {
		// Nothing is sent: a request to the closed port would be
		// unreachable.
		cfg := preAuthorized(t, "")
		diags, unreachable := checkConfigs(t, closedPortURL(t), nil, cfg)
		if unreachable {
			t.Error("unreachable: a check was attempted without a key")
		}
		assertDiags(t, diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "No value for variable",
			Detail:   `--check-credentials needs the Stripe key in variable "stripe_api_key", which has no value. Set it with the environment variable XOC_VAR_stripe_api_key or --var stripe_api_key=VALUE.`,
			Subject:  cfg.Stripe.Authorization.APIKey.Range.Ptr(),
		})
	})

	t.Run("one request per distinct key", func(t *testing.T) {
		rec := newRecorder(t, mock.URL)
		diags, _ := checkConfigs(t, rec.URL, nil,
			preAuthorized(t, goodSecretKey), preAuthorized(t, goodSecretKey), preAuthorized(t, otherSecretKey))
		if len(diags) != 0 {
			t.Errorf("diagnostics:\n%s", diags.Error())
		}
		if got := rec.sorted(); len(got) != 2 || !allEqual(got, "GET /v1/balance") {
			t.Errorf("requests = %q, want GET /v1/balance once per distinct key (2)", got)
		}
	})

	t.Run("restricted key probes the templates' resources", func(t *testing.T) {
		rec := newRecorder(t, mock.URL)
		if diags, _ := checkConfigs(t, rec.URL, nil, preAuthorized(t, goodRestrictedKey)); len(diags) != 0 {
			t.Errorf("diagnostics:\n%s", diags.Error())
		}
		want := []string{
			"GET /v1/balance",
			"GET /v1/customers?limit=1",
			"GET /v1/invoiceitems?limit=1",
			"GET /v1/invoices?limit=1",
		}
		if got := rec.sorted(); !slices.Equal(got, want) {
			t.Errorf("requests =\n%q\nwant\n%q", got, want)
		}
	})

	t.Run("profile check skipped", func(t *testing.T) {
		cfg := userAuthorized(t, mock.URL)
		var asked []string
		diags, unreachable := checkConfigs(t, mock.URL, env(nil, &asked), cfg)
		if unreachable {
			t.Error("unreachable, want a skipped check")
		}
		assertDiags(t, diags, &hcl.Diagnostic{
			Severity: hcl.DiagWarning,
			Summary:  "Authorization check skipped",
			Detail:   `auth_profile "stripe_end_user": set XOC_TEST_KEY_STRIPE_END_USER to a Stripe test key to have --check-credentials call its authorization_check_url the way the platform's Test button does.`,
			Subject:  profile(t, cfg, "stripe_end_user").DeclRange.Ptr(),
		})
		if !slices.Equal(asked, []string{profileKeyVar}) {
			t.Errorf("Getenv was asked for %q, want only %s", asked, profileKeyVar)
		}
	})

	t.Run("profile check without Getenv", func(t *testing.T) {
		diags, _ := checkConfigs(t, mock.URL, nil, userAuthorized(t, mock.URL))
		if len(diags) != 1 || diags[0].Summary != "Authorization check skipped" {
			t.Errorf("want the skipped warning, got:\n%s", diags.Error())
		}
	})

	t.Run("profile check run", func(t *testing.T) {
		// Without an API URL of the checks, the profile's own check URL
		// is called.
		checkURL := mock.URL + "/v1/balance"
		cfg := userAuthorized(t, mock.URL)
		var asked []string
		diags, unreachable := checkConfigs(t, "", env(map[string]string{profileKeyVar: goodSecretKey}, &asked), cfg)
		if len(diags) != 0 || unreachable {
			t.Errorf("accepted test key: unreachable %v, diagnostics:\n%s", unreachable, diags.Error())
		}

		diags, unreachable = checkConfigs(t, "", env(map[string]string{profileKeyVar: liveKey}, &asked), cfg)
		if unreachable {
			t.Error("rejected test key: unreachable")
		}
		res := CheckProfile(context.Background(), checkURL, liveKey, 0)
		assertDiags(t, diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Stripe rejected the API key",
			Detail:   `auth_profile "stripe_end_user": ` + res.Message,
			Subject:  profile(t, cfg, "stripe_end_user").AuthorizationCheckURLRange.Ptr(),
		})
		if strings.Contains(diags.Error(), liveKey) {
			t.Error("the diagnostic shows the test key")
		}
	})

	t.Run("profile check at the API URL", func(t *testing.T) {
		// With an API URL of the checks (--stripe-api-url), a profile
		// that points at api.stripe.com is checked there too.
		rec := newRecorder(t, mock.URL)
		cfg := userAuthorized(t, "https://api.stripe.com")
		var asked []string
		diags, unreachable := checkConfigs(t, rec.URL, env(map[string]string{profileKeyVar: goodSecretKey}, &asked), cfg)
		if len(diags) != 0 || unreachable {
			t.Fatalf("unreachable %v, diagnostics:\n%s", unreachable, diags.Error())
		}
		if got := rec.sorted(); len(got) != 1 || got[0] != "GET /v1/balance" {
			t.Errorf("the recorder in front of stripe-mock saw %q, want the profile's GET /v1/balance", got)
		}
	})

	t.Run("order", func(t *testing.T) {
		// Missing key values first, then key checks, then profiles, each
		// in bot order.
		rejected, missing := preAuthorized(t, liveKey), preAuthorized(t, "")
		user := userAuthorized(t, mock.URL)
		diags, _ := checkConfigs(t, mock.URL, nil, user, rejected, missing)
		var got []string
		for _, d := range diags {
			got = append(got, d.Summary)
		}
		want := []string{"No value for variable", "Stripe rejected the API key", "Authorization check skipped"}
		if !slices.Equal(got, want) {
			t.Errorf("diagnostics %q, want %q", got, want)
		}
	})
}

func TestCheckConfigsUnreachable(t *testing.T) {
	apiURL := closedPortURL(t)
	cfg := preAuthorized(t, goodSecretKey)
	diags, unreachable := checkConfigs(t, apiURL, nil, cfg)
	if !unreachable {
		t.Error("unreachable = false for a closed port")
	}
	res := NewChecker(fastOptions(apiURL)).CheckKey(context.Background(), goodSecretKey, []string{"customers"})
	assertDiags(t, diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Stripe could not be reached",
		Detail:   res.Message,
		Subject:  cfg.Stripe.Authorization.APIKey.Range.Ptr(),
	})
	if !strings.Contains(diags[0].Detail, apiURL) {
		t.Errorf("the message does not name the URL: %s", diags[0].Detail)
	}

	// An auth profile's check URL that cannot be reached counts too.
	getenv := func(string) string { return goodSecretKey }
	diags, unreachable = checkConfigs(t, apiURL, getenv, userAuthorized(t, closedPortURL(t)))
	if !unreachable || len(diags) != 1 || diags[0].Summary != "Stripe could not be reached" {
		t.Errorf("unreachable check URL: unreachable %v, diagnostics:\n%s", unreachable, diags.Error())
	}
}

func TestCheckConfigsMissingPermission(t *testing.T) {
	// stripe-mock lets every test key read everything; this server denies
	// invoices.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/invoices" {
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"error": {"type": "invalid_request_error", "message": "no"}}`))
			return
		}
		w.Write([]byte(`{"object": "list", "data": [], "has_more": false}`))
	}))
	defer srv.Close()
	cfg := preAuthorized(t, goodRestrictedKey)
	diags, unreachable := checkConfigs(t, srv.URL, nil, cfg)
	if unreachable {
		t.Error("unreachable, want a missing permission")
	}
	res := NewChecker(fastOptions(srv.URL)).CheckKey(context.Background(), goodRestrictedKey, []string{"customers", "invoiceitems", "invoices"})
	assertDiags(t, diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Restricted key lacks a permission",
		Detail:   res.Message,
		Subject:  cfg.Stripe.Authorization.APIKey.Range.Ptr(),
	})
}

// TestCheckConfigsWithoutStripe: a bot without a Stripe action has nothing
// to check, and nothing is sent.
func TestCheckConfigsWithoutStripe(t *testing.T) {
	diags, unreachable := CheckConfigs(context.Background(), []*config.Config{{Dir: "empty"}},
		CheckOptions{Options: Options{APIURL: closedPortURL(t), Timeout: time.Second}})
	if len(diags) != 0 || unreachable {
		t.Errorf("unreachable %v, diagnostics:\n%s", unreachable, diags.Error())
	}
}

func profile(t *testing.T, cfg *config.Config, name string) *config.AuthProfile {
	t.Helper()
	for _, p := range cfg.AuthProfiles {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no auth_profile %q", name)
	return nil
}
