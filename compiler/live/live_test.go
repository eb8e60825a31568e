package live

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xoc-dev/xoc/compiler/catalog"
	"github.com/xoc-dev/xoc/compiler/secret"

	"github.com/xoc-dev/xoc/internal/stripemock"
)

// stripe-mock accepts any key shaped sk_test_X or rk_test_X (one word after
// the second underscore) and answers 401 to everything else.
const (
	goodSecretKey     = "sk_test_FAKEfakeFAKEfake00001a2b"
	otherSecretKey    = "sk_test_FAKEfakeFAKEfake00003c4d"
	goodRestrictedKey = "rk_test_FAKEfakeFAKEfake00005e6f"
	liveKey           = "sk_live_FAKEfakeFAKEfake00007a8b"
	malformedTestKey  = "sk_test_FAKEfakeFAKEfake0000_9c0d"
)

// fastOptions keeps tests quick: no retries unless a test wants them, and a
// short timeout.
func fastOptions(apiURL string) Options {
	return Options{APIURL: apiURL, Timeout: 5 * time.Second, MaxNetworkRetries: -1}
}

// assertNoKey fails if a result leaks the key anywhere.
func assertNoKey(t *testing.T, res Result, key string) {
	t.Helper()
	for _, s := range append([]string{res.Key, res.URL, res.Message}, res.Missing...) {
		if strings.Contains(s, key) {
			t.Errorf("result leaks the key: %q", s)
		}
	}
	// The secret part alone must not leak either.
	if _, secret, ok := secret.Split(key); ok && len(secret) > 4 && strings.Contains(res.Message, secret) {
		t.Errorf("result message leaks the key's secret part: %q", res.Message)
	}
}

// recorder is a reverse proxy in front of stripe-mock that records the
// requests reaching it, to count calls without faking Stripe.
type recorder struct {
	URL string

	mu       sync.Mutex
	requests []string
}

func newRecorder(t *testing.T, target string) *recorder {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.requests = append(rec.requests, r.Method+" "+r.URL.RequestURI())
		rec.mu.Unlock()
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	rec.URL = srv.URL
	return rec
}

func (r *recorder) sorted() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := slices.Clone(r.requests)
	slices.Sort(s)
	return s
}

func TestAgainstStripeMock(t *testing.T) {
	mock := stripemock.Start(t)

	t.Run("secret keys", func(t *testing.T) {
		tests := []struct {
			name       string
			key        string
			want       Outcome
			wantStatus int
		}{
			{"accepted test key", goodSecretKey, OK, 200},
			{"live key", liveKey, Rejected, 401},
			{"extra underscore", malformedTestKey, Rejected, 401},
			{"unknown shape", "not-a-stripe-key-at-all", Rejected, 401},
			{"publishable key, no request", "pk_test_FAKEfakeFAKEfake0000", Rejected, 0},
			{"empty key, no request", "", Rejected, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := NewChecker(fastOptions(mock.URL))
				res := c.CheckKey(context.Background(), tt.key, nil)
				if res.Outcome != tt.want || res.HTTPStatus != tt.wantStatus {
					t.Fatalf("outcome %v (HTTP %d), want %v (HTTP %d): %s", res.Outcome, res.HTTPStatus, tt.want, tt.wantStatus, res.Message)
				}
				if res.URL != mock.URL {
					t.Errorf("URL = %q, want %q", res.URL, mock.URL)
				}
				if res.Message == "" {
					t.Error("empty message")
				}
				if tt.key != "" {
					assertNoKey(t, res, tt.key)
				}
			})
		}
	})

	t.Run("rejected message is our own", func(t *testing.T) {
		// stripe-mock, like Stripe, echoes the Authorization header in its
		// 401 message; none of that may come through.
		res := NewChecker(fastOptions(mock.URL)).CheckKey(context.Background(), liveKey, nil)
		if !strings.Contains(res.Message, "sk_live_…7a8b") || !strings.Contains(res.Message, "401") {
			t.Errorf("message should name the redacted key and the status: %s", res.Message)
		}
		if strings.Contains(res.Message, "Authorization") || strings.Contains(res.Message, "Bearer") {
			t.Errorf("message copies the server's error text: %s", res.Message)
		}
	})

	t.Run("callers sharing a key share the call", func(t *testing.T) {
		rec := newRecorder(t, mock.URL)
		c := NewChecker(fastOptions(rec.URL))
		results := c.CheckKeys(context.Background(), []KeyCheck{
			{Key: goodSecretKey},
			{Key: otherSecretKey},
			{Key: goodSecretKey},
			{Key: liveKey},
			{Key: goodSecretKey},
		})
		want := []Outcome{OK, OK, OK, Rejected, OK}
		for i, res := range results {
			if res.Outcome != want[i] {
				t.Errorf("check %d: %v, want %v: %s", i, res.Outcome, want[i], res.Message)
			}
		}
		// Asking again answers from memory.
		c.CheckKey(context.Background(), otherSecretKey, nil)
		if got := rec.sorted(); len(got) != 3 || !allEqual(got, "GET /v1/balance") {
			t.Errorf("requests = %q, want GET /v1/balance once per distinct key (3)", got)
		}
	})

	t.Run("restricted key probes each resource once", func(t *testing.T) {
		rec := newRecorder(t, mock.URL)
		c := NewChecker(fastOptions(rec.URL))
		results := c.CheckKeys(context.Background(), []KeyCheck{
			{Key: goodRestrictedKey, Resources: []string{"customers", "invoices", "invoiceitems"}},
			{Key: goodRestrictedKey, Resources: []string{"customers", "payment_intents", "customers"}},
			{Key: goodRestrictedKey, Resources: []string{"balance"}},
		})
		for i, res := range results {
			if res.Outcome != OK {
				t.Errorf("check %d: %v, want OK: %s", i, res.Outcome, res.Message)
			}
			assertNoKey(t, res, goodRestrictedKey)
		}
		want := []string{
			"GET /v1/balance",
			"GET /v1/customers?limit=1",
			"GET /v1/invoiceitems?limit=1",
			"GET /v1/invoices?limit=1",
			"GET /v1/payment_intents?limit=1",
		}
		if got := rec.sorted(); !slices.Equal(got, want) {
			t.Errorf("requests =\n%q\nwant\n%q", got, want)
		}
	})

	// Every resource a catalog template declares names a list Stripe has,
	// so a restricted key's permission for it can be probed
	// ("checkout/sessions", not "checkout").
	t.Run("catalog resources can be probed", func(t *testing.T) {
		rec := newRecorder(t, mock.URL)
		var resources, want []string
		for _, tmpl := range catalog.All() {
			for _, r := range tmpl.Resources {
				if !slices.Contains(resources, r) {
					resources = append(resources, r)
					if r != balanceResource {
						want = append(want, "GET /v1/"+r+"?limit=1")
					}
				}
			}
		}
		res := NewChecker(fastOptions(rec.URL)).CheckKey(context.Background(), goodRestrictedKey, resources)
		if res.Outcome != OK {
			t.Fatalf("%v: %s", res.Outcome, res.Message)
		}
		want = append(want, "GET /v1/balance")
		slices.Sort(want)
		if got := rec.sorted(); !slices.Equal(got, want) {
			t.Errorf("requests =\n%q\nwant\n%q", got, want)
		}
	})

	t.Run("secret key is not probed", func(t *testing.T) {
		rec := newRecorder(t, mock.URL)
		res := NewChecker(fastOptions(rec.URL)).CheckKey(context.Background(), goodSecretKey, []string{"customers"})
		if res.Outcome != OK {
			t.Fatalf("%v: %s", res.Outcome, res.Message)
		}
		if got := rec.sorted(); !slices.Equal(got, []string{"GET /v1/balance"}) {
			t.Errorf("requests = %q, want only GET /v1/balance", got)
		}
	})

	t.Run("profile check", func(t *testing.T) {
		checkURL := mock.URL + "/v1/balance"
		tests := []struct {
			name string
			key  string
			want Outcome
		}{
			{"accepted", goodSecretKey, OK},
			{"rejected", liveKey, Rejected},
			{"no key", "", Skipped},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := CheckProfile(context.Background(), checkURL, tt.key, 5*time.Second)
				if res.Outcome != tt.want {
					t.Fatalf("%v, want %v: %s", res.Outcome, tt.want, res.Message)
				}
				if res.URL != checkURL {
					t.Errorf("URL = %q", res.URL)
				}
				if tt.key != "" {
					assertNoKey(t, res, tt.key)
				}
			})
		}
	})
}

func allEqual(ss []string, want string) bool {
	for _, s := range ss {
		if s != want {
			return false
		}
	}
	return true
}

// The tests below need answers stripe-mock cannot give (403, 429, 5xx,
// silence, a closed port), so they use a local server that plays only that
// part.

func TestRestrictedKeyMissingPermission(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/balance", "/v1/invoices":
			// A restricted key without balance permission is still valid.
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"error": {"type": "invalid_request_error", "message": "The provided key '` + goodRestrictedKey + `' does not have the required permissions."}}`))
		default:
			w.Write([]byte(`{"object": "list", "data": [], "has_more": false}`))
		}
	}))
	defer srv.Close()

	c := NewChecker(fastOptions(srv.URL))
	res := c.CheckKey(context.Background(), goodRestrictedKey, []string{"customers", "invoices", "invoiceitems"})
	if res.Outcome != MissingPermission {
		t.Fatalf("%v, want MissingPermission: %s", res.Outcome, res.Message)
	}
	if !slices.Equal(res.Missing, []string{"invoices"}) || res.HTTPStatus != 403 {
		t.Errorf("Missing = %q (HTTP %d), want [invoices] (403)", res.Missing, res.HTTPStatus)
	}
	if !strings.Contains(res.Message, "invoices") || !strings.Contains(res.Message, "/v1/invoices") {
		t.Errorf("message does not name the resource: %s", res.Message)
	}
	assertNoKey(t, res, goodRestrictedKey)

	// Without invoices among the resources, the same key is fine, though
	// it may not read the balance.
	if res := c.CheckKey(context.Background(), goodRestrictedKey, []string{"customers"}); res.Outcome != OK {
		t.Errorf("customers only: %v, want OK: %s", res.Outcome, res.Message)
	}
	// Asking for the balance itself reuses the first call's 403.
	res = c.CheckKey(context.Background(), goodRestrictedKey, []string{"balance", "invoices"})
	if res.Outcome != MissingPermission || !slices.Equal(res.Missing, []string{"balance", "invoices"}) {
		t.Errorf("balance and invoices: %v %q", res.Outcome, res.Missing)
	}
}

func TestSecretKeyForbiddenIsRejected(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"error": {"type": "invalid_request_error", "message": "no"}}`))
	}))
	defer srv.Close()
	res := NewChecker(fastOptions(srv.URL)).CheckKey(context.Background(), goodSecretKey, nil)
	if res.Outcome != Rejected || res.HTTPStatus != 403 {
		t.Errorf("%v (HTTP %d), want Rejected (403): %s", res.Outcome, res.HTTPStatus, res.Message)
	}
}

func TestRateLimitIsRetried(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusTooManyRequests)
			w.Write([]byte(`{"error": {"type": "invalid_request_error", "code": "rate_limit", "message": "Too many requests"}}`))
			return
		}
		w.Write([]byte(`{"object": "balance", "available": [], "pending": [], "livemode": false}`))
	}))
	defer srv.Close()

	opts := fastOptions(srv.URL)
	opts.MaxNetworkRetries = 1
	res := NewChecker(opts).CheckKey(context.Background(), goodSecretKey, nil)
	if res.Outcome != OK {
		t.Fatalf("%v, want OK after a retry: %s", res.Outcome, res.Message)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestServerErrorIsUnreachable(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		// A gateway's page, not Stripe's JSON.
		http.Error(w, "<html>bad gateway</html>", http.StatusBadGateway)
	}))
	defer srv.Close()

	opts := fastOptions(srv.URL)
	opts.MaxNetworkRetries = 1
	res := NewChecker(opts).CheckKey(context.Background(), goodSecretKey, nil)
	if res.Outcome != Unreachable || res.HTTPStatus != 502 {
		t.Fatalf("%v (HTTP %d), want Unreachable (502): %s", res.Outcome, res.HTTPStatus, res.Message)
	}
	if !strings.Contains(res.Message, srv.URL) || !strings.Contains(res.Message, "502") {
		t.Errorf("message should name the URL and the status: %s", res.Message)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d requests, want 2 (one retry)", n)
	}
	assertNoKey(t, res, goodSecretKey)
}

func TestTimeoutIsUnreachable(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)

	opts := fastOptions(srv.URL)
	opts.Timeout = 200 * time.Millisecond
	opts.MaxNetworkRetries = 2 // a deadline is not retried
	start := time.Now()
	res := NewChecker(opts).CheckKey(context.Background(), goodSecretKey, nil)
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("took %v with a 200ms timeout", elapsed)
	}
	if res.Outcome != Unreachable {
		t.Fatalf("%v, want Unreachable: %s", res.Outcome, res.Message)
	}
	if !strings.Contains(res.Message, srv.URL) || !strings.Contains(res.Message, "200ms") {
		t.Errorf("message should name the URL and the timeout: %s", res.Message)
	}
}

func TestConnectionRefusedIsUnreachable(t *testing.T) {
	url := closedPortURL(t)
	res := NewChecker(fastOptions(url)).CheckKey(context.Background(), goodSecretKey, nil)
	if res.Outcome != Unreachable || res.HTTPStatus != 0 {
		t.Fatalf("%v (HTTP %d), want Unreachable (no status): %s", res.Outcome, res.HTTPStatus, res.Message)
	}
	if !strings.Contains(res.Message, url) {
		t.Errorf("message should name the URL: %s", res.Message)
	}
	assertNoKey(t, res, goodSecretKey)
}

func TestProbeFailureIsUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/invoices" {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"error": {"type": "api_error", "message": "down"}}`))
			return
		}
		w.Write([]byte(`{"object": "list", "data": []}`))
	}))
	defer srv.Close()
	res := NewChecker(fastOptions(srv.URL)).CheckKey(context.Background(), goodRestrictedKey, []string{"customers", "invoices"})
	if res.Outcome != Unreachable || res.HTTPStatus != 503 || !strings.Contains(res.Message, "invoices") {
		t.Errorf("%v (HTTP %d), want Unreachable (503) naming invoices: %s", res.Outcome, res.HTTPStatus, res.Message)
	}
}

func TestConcurrencyIsBounded(t *testing.T) {
	var inFlight, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		w.Write([]byte(`{"object": "balance"}`))
	}))
	defer srv.Close()

	opts := fastOptions(srv.URL)
	opts.Concurrency = 2
	var checks []KeyCheck
	for _, tail := range []string{"a", "b", "c", "d", "e", "f"} {
		checks = append(checks, KeyCheck{Key: "sk_test_key" + tail})
	}
	for i, res := range NewChecker(opts).CheckKeys(context.Background(), checks) {
		if res.Outcome != OK {
			t.Errorf("check %d: %v: %s", i, res.Outcome, res.Message)
		}
	}
	if p := peak.Load(); p > 2 {
		t.Errorf("%d requests at once, want at most 2", p)
	}
}

func TestCallerCancellation(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		w.Write([]byte(`{"object": "balance"}`))
	}))
	defer srv.Close()
	defer close(release)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := NewChecker(fastOptions(srv.URL)).CheckKey(ctx, goodSecretKey, nil)
	if res.Outcome != Unreachable || !strings.Contains(res.Message, "cancel") {
		t.Errorf("%v, want Unreachable saying cancelled: %s", res.Outcome, res.Message)
	}
}

func TestProfileCheckWithoutStripeMock(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/down":
			w.WriteHeader(http.StatusInternalServerError)
		case "/missing":
			w.WriteHeader(http.StatusNotFound)
		case "/forbidden":
			w.WriteHeader(http.StatusForbidden)
		}
	}))
	defer srv.Close()

	tests := []struct {
		name string
		url  string
		want Outcome
	}{
		{"server error", srv.URL + "/down", Unreachable},
		{"wrong check URL", srv.URL + "/missing", Rejected},
		{"forbidden", srv.URL + "/forbidden", Rejected},
		{"connection refused", closedPortURL(t) + "/v1/balance", Unreachable},
		{"not a URL", "::", Unreachable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := CheckProfile(context.Background(), tt.url, goodSecretKey, 2*time.Second)
			if res.Outcome != tt.want {
				t.Fatalf("%v, want %v: %s", res.Outcome, tt.want, res.Message)
			}
			if !strings.Contains(res.Message, tt.url) {
				t.Errorf("message should name the URL: %s", res.Message)
			}
			assertNoKey(t, res, goodSecretKey)
		})
	}
}

// closedPortURL returns the URL of a loopback port nothing listens on.
func closedPortURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}
