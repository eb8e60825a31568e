package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/xoc-dev/xoc/internal/stripemock"
)

const (
	acceptedKey = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
	rejectedKey = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
)

func runXOC(t *testing.T, environ []string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr, environ)
	return code, stdout.String(), stderr.String()
}

func TestCheckCredentialsAgainstStripeMock(t *testing.T) {
	srv := stripemock.Start(t)
	example := "../../examples/stripe-pre-authorized"

	code, _, stderr := runXOC(t, []string{"XOC_VAR_stripe_api_key=" + acceptedKey},
		"validate", "--check-credentials", "--stripe-api-url", srv.URL, example)
	if code != exitOK {
		t.Fatalf("accepted key: exit %d\n%s", code, stderr)
	}

	code, stdout, stderr := runXOC(t, []string{"XOC_VAR_stripe_api_key=" + rejectedKey},
		"validate", "--check-credentials", "--stripe-api-url", srv.URL, example)
	if code != exitConfig {
		t.Fatalf("rejected key: exit %d, want %d\n%s", code, exitConfig, stderr)
	}
	if !strings.Contains(stderr, "Stripe rejected the API key") || !strings.Contains(stderr, "stripe.xo.hcl") {
		t.Errorf("rejected key: want a diagnostic at the api_key attribute, got\n%s", stderr)
	}
	if strings.Contains(stdout+stderr, rejectedKey) || strings.Contains(stdout+stderr, rejectedKey[8:]) {
		t.Error("the rejected key was printed")
	}
}

func TestCheckCredentialsUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now: connection refused

	code, _, stderr := runXOC(t, []string{"XOC_VAR_stripe_api_key=" + acceptedKey},
		"validate", "--check-credentials", "--timeout", "5s", "--stripe-api-url", "http://"+addr, "../../examples/stripe-pre-authorized")
	if code != exitUnreachable {
		t.Fatalf("exit %d, want %d\n%s", code, exitUnreachable, stderr)
	}
	if !strings.Contains(stderr, addr) {
		t.Errorf("the message does not name the URL:\n%s", stderr)
	}
}

func TestCheckCredentialsNeedsTheKey(t *testing.T) {
	code, _, stderr := runXOC(t, nil, "validate", "--check-credentials", "--stripe-api-url", "http://127.0.0.1:1", "../../examples/stripe-pre-authorized")
	if code != exitConfig || !strings.Contains(stderr, "XOC_VAR_stripe_api_key") {
		t.Errorf("exit %d, want 1 with how to set the key:\n%s", code, stderr)
	}
}

func TestProfileCheck(t *testing.T) {
	srv := stripemock.Start(t)
	// The example's profile checks against api.stripe.com; a bot whose
	// profile points at stripe-mock exercises the call itself.
	dir := t.TempDir()
	writeFile(t, dir+"/bot.xo.hcl", `
bot "profile_check" {}
auth_profile "stripe_end_user" {
  type                    = "basic"
  base_url                = "`+srv.URL+`"
  authorization_check_url = "`+srv.URL+`/v1/balance"
}
action "stripe" {
  authorization {
    mode    = "user_authorized"
    profile = auth_profile.stripe_end_user
  }
  template "list_customers" {}
}
`)
	code, _, stderr := runXOC(t, nil, "validate", "--check-credentials", dir)
	if code != exitOK || !strings.Contains(stderr, "Authorization check skipped") || !strings.Contains(stderr, "XOC_TEST_KEY_STRIPE_END_USER") {
		t.Errorf("without a test key: exit %d, want 0 and a skipped warning:\n%s", code, stderr)
	}
	code, _, stderr = runXOC(t, []string{"XOC_TEST_KEY_STRIPE_END_USER=" + acceptedKey}, "validate", "--check-credentials", dir)
	if code != exitOK || strings.Contains(stderr, "skipped") {
		t.Errorf("accepted test key: exit %d\n%s", code, stderr)
	}
	code, _, stderr = runXOC(t, []string{"XOC_TEST_KEY_STRIPE_END_USER=" + rejectedKey}, "validate", "--check-credentials", dir)
	if code != exitConfig || strings.Contains(stderr, rejectedKey) {
		t.Errorf("rejected test key: exit %d, want 1, key hidden:\n%s", code, stderr)
	}

	// --stripe-api-url points the profile's check there too; the
	// example's profile names api.stripe.com.
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	var mu sync.Mutex
	var seen []string
	rec := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path)
		mu.Unlock()
		proxy.ServeHTTP(w, r)
	}))
	defer rec.Close()
	code, _, stderr = runXOC(t, []string{"XOC_TEST_KEY_STRIPE_END_USER=" + acceptedKey},
		"validate", "--check-credentials", "--stripe-api-url", rec.URL, "../../examples/stripe-user-authorized")
	mu.Lock()
	defer mu.Unlock()
	if code != exitOK || len(seen) != 1 || seen[0] != "GET /v1/balance" {
		t.Errorf("--stripe-api-url: exit %d, requests there %q; want 0 and the profile's GET /v1/balance:\n%s", code, seen, stderr)
	}
}

// TestOfflineByDefault: without --check-credentials, validate and build
// open no connection, even with a Stripe URL and a key in the environment.
func TestOfflineByDefault(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var conns atomic.Int32
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			c.Close()
		}
	}()
	env := []string{"XOC_VAR_stripe_api_key=" + acceptedKey, "XOC_STRIPE_API_URL=http://" + l.Addr().String()}
	if code, _, stderr := runXOC(t, env, "validate", "../../examples/..."); code != exitOK {
		t.Fatalf("validate: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := runXOC(t, env, "build", "--out", t.TempDir(), "../../examples/..."); code != exitOK {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	if n := conns.Load(); n != 0 {
		t.Errorf("%d connections were opened without --check-credentials", n)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCheckCredentialsEndlessAnswer: a --stripe-api-url that answers with a
// body that never ends makes the check unreachable at once, saying why.
func TestCheckCredentialsEndlessAnswer(t *testing.T) {
	chunk := []byte(strings.Repeat(`{"object":"balance"},`, 1500))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	code, _, stderr := runXOC(t, []string{"XOC_VAR_stripe_api_key=" + acceptedKey},
		"validate", "--check-credentials", "--stripe-api-url", srv.URL, "../../examples/stripe-pre-authorized")
	if code != exitUnreachable || !strings.Contains(stderr, "with a body larger than 1 MiB") {
		t.Errorf("exit %d, want %d saying the answer is too large:\n%s", code, exitUnreachable, stderr)
	}
}
