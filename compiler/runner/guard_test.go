package runner

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
)

// Canary keys: a test that finds one of them where it must not be has
// found a leak.
const (
	canaryTestKey = "sk_test_CANARY4eC39HqLyjWDarjtT1zdp7"
	canaryLiveKey = "sk_live_CANARY4eC39HqLyjWDarjtT1zdp7"
	canarySecret  = "CANARY4eC39HqLyjWDarjtT1zdp7"
)

// countingServer counts the requests it gets and answers each with a
// Stripe-shaped JSON error; none of the tests below should reach it.
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":{"message":"no"}}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestLiveKeysRefused(t *testing.T) {
	srv, requests := countingServer(t)
	tests := []struct {
		name   string
		opts   Options
		bot    string
		source string
	}{
		{"pre-authorized key", Options{Env: map[string]string{"stripe_api_key": canaryLiveKey}}, "create_customer", `env variable "stripe_api_key"`},
		{"restricted key in any env value", Options{Env: map[string]string{"note": "rk_live_" + canarySecret}}, "create_customer", `env variable "note"`},
		{"end-user key", Options{UserKeys: map[string]string{"stripe_end_user": canaryLiveKey}}, "user_auth", `authorization profile "stripe_end_user"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.StripeAPIURL = srv.URL
			tr, err := run(t, load(t, tt.bot), tt.opts)
			var live *LiveKeyError
			if !errors.As(err, &live) || !strings.Contains(err.Error(), tt.source) {
				t.Fatalf("err = %v, want a LiveKeyError naming %s", err, tt.source)
			}
			if strings.Contains(err.Error(), canarySecret) || len(tr.Steps) != 0 {
				t.Errorf("the key is shown, or the run started: %v\n%s", err, tr.Format())
			}
			if n := requests.Load(); n != 0 {
				t.Errorf("%d requests were sent", n)
			}

			// Allowed, the run goes ahead (and the server rejects the key).
			tt.opts.AllowLiveKeys = true
			tr, _ = run(t, load(t, tt.bot), tt.opts)
			if len(tr.Calls) == 0 {
				t.Errorf("with AllowLiveKeys the run made no call:\n%s", tr.Format())
			}
			requests.Store(0)
		})
	}
}

// withServicePath returns the create_customer fixture with the path of its
// POST replaced: the service a hostile export points elsewhere.
func withServicePath(t *testing.T, path string) *Bot {
	t.Helper()
	def, err := os.ReadFile("testdata/create_customer/botDefinition.json")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile("testdata/create_customer/config.json")
	if err != nil {
		t.Fatal(err)
	}
	const original = `"path": "{{env.stripe_base_url}}/v1/customers"`
	if !strings.Contains(string(def), original) {
		t.Fatal("the fixture's POST path changed")
	}
	def = []byte(strings.Replace(string(def), original, `"path": "`+path+`"`, 1))
	bot, err := Parse(def, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return bot
}

func TestCredentialsGoOnlyToTheStripeBaseURL(t *testing.T) {
	stripe, _ := countingServer(t)
	other, requests := countingServer(t)
	for _, path := range []string{
		other.URL + "/v1/customers",
		other.URL + "/collect?k={{env.stripe_api_key}}",
		stripe.URL + "@" + strings.TrimPrefix(other.URL, "http://") + "/v1/customers",
		stripe.URL + "0/v1/customers", // another port that starts the same
	} {
		t.Run(path, func(t *testing.T) {
			tr, err := run(t, withServicePath(t, path), Options{
				Env:          map[string]string{"stripe_api_key": canaryTestKey},
				StripeAPIURL: stripe.URL,
			})
			if !errors.Is(err, ErrCredentialsElsewhere) {
				t.Fatalf("err = %v, want ErrCredentialsElsewhere", err)
			}
			if !strings.Contains(err.Error(), "service node service") || !strings.Contains(err.Error(), stripe.URL) {
				t.Errorf("the error should name the node and the base URL: %v", err)
			}
			if n := requests.Load(); n != 0 {
				t.Errorf("%d requests reached the other server", n)
			}
			if strings.Contains(err.Error()+tr.Format(), canarySecret) {
				t.Errorf("the key is shown:\n%v\n%s", err, tr.Format())
			}
		})
	}
}

func TestUnderBase(t *testing.T) {
	tests := []struct {
		url, base string
		want      bool
	}{
		{"https://api.stripe.com/v1/customers", "https://api.stripe.com", true},
		{"https://api.stripe.com/v1/customers", "https://api.stripe.com/", true},
		{"https://API.stripe.com:443/v1", "https://api.stripe.com", true},
		{"http://127.0.0.1:12111/v1/x", "http://127.0.0.1:12111", true},
		{"https://proxy.example/stripe/v1/x", "https://proxy.example/stripe", true},
		{"https://proxy.example/stripe", "https://proxy.example/stripe", true},
		{"https://proxy.example/stripeX/v1", "https://proxy.example/stripe", false},
		{"https://proxy.example/v1", "https://proxy.example/stripe", false},
		{"http://api.stripe.com/v1", "https://api.stripe.com", false},
		{"https://api.stripe.com.evil.example/v1", "https://api.stripe.com", false},
		{"https://api.stripe.com@evil.example/v1", "https://api.stripe.com", false},
		{"https://user@api.stripe.com/v1", "https://api.stripe.com", false},
		{"http://127.0.0.1:121110/v1", "http://127.0.0.1:12111", false},
		{"https://api.stripe.com/v1", "", false},
	}
	for _, tt := range tests {
		if got := underBase(tt.url, tt.base); got != tt.want {
			t.Errorf("underBase(%q, %q) = %v, want %v", tt.url, tt.base, got, tt.want)
		}
	}
}

// A call to the Stripe base URL answered 200 with something that is not
// JSON fails the run: the dialog must not go on as if Stripe had answered.
func TestSuccessThatIsNotJSONFails(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html>Sign in to the proxy</html>"))
	}))
	defer srv.Close()
	tr, err := run(t, load(t, "user_auth"), Options{
		UserKeys:     map[string]string{"stripe_end_user": testKey},
		StripeAPIURL: srv.URL,
	})
	if err == nil || !strings.Contains(err.Error(), "answered 200 with a body that is not JSON") || !strings.Contains(err.Error(), "text/html") {
		t.Fatalf("err = %v, want a failure saying the body is not JSON\n%s", err, tr.Format())
	}
	if len(tr.Messages) != 0 {
		t.Errorf("the dialog went on to its messages: %q", tr.Messages)
	}
}

func TestUnknownEntity(t *testing.T) {
	_, err := run(t, load(t, "flow"), Options{Dialog: "Count down", Entities: map[string]string{"strat": "3"}})
	var unknown *UnknownEntityError
	if !errors.As(err, &unknown) || unknown.Name != "strat" {
		t.Fatalf("err = %v, want an UnknownEntityError for strat", err)
	}
	if !strings.Contains(err.Error(), `did you mean "start"?`) {
		t.Errorf("no suggestion: %v", err)
	}
	if _, err := run(t, load(t, "flow"), Options{Dialog: "Count down", Entities: map[string]string{"start": "3"}}); err != nil {
		t.Errorf("a known entity: %v", err)
	}
}

func TestNoUserKeyError(t *testing.T) {
	_, err := run(t, load(t, "user_auth"), Options{StripeAPIURL: "http://127.0.0.1:1"})
	var noKey *NoUserKeyError
	if !errors.As(err, &noKey) || noKey.Profile != "stripe_end_user" || !errors.Is(err, ErrNoUserKey) {
		t.Fatalf("err = %v, want a NoUserKeyError for stripe_end_user", err)
	}
}
