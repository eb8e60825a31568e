package live

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// endlessServer answers every request with a body that never ends, until
// the client goes away.
func endlessServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	chunk := []byte(strings.Repeat(`{"object":"balance"},`, 1500))
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &requests
}

// A server that never stops sending is cut off at the cap, at once and
// without retries, and the check says why.
func TestEndlessResponse(t *testing.T) {
	srv, requests := endlessServer(t)
	opts := fastOptions(srv.URL)
	opts.MaxNetworkRetries = 2 // a failed read is retried; an oversized body must not be
	for _, key := range []string{goodSecretKey, goodRestrictedKey} {
		requests.Store(0)
		res := NewChecker(opts).CheckKey(context.Background(), key, []string{"customers"})
		if res.Outcome != Unreachable || !strings.Contains(res.Message, "with a body larger than 1 MiB") {
			t.Errorf("%s: outcome %v, message %q; want unreachable, saying the body is too large", key, res.Outcome, res.Message)
		}
		if n := requests.Load(); n != 1 {
			t.Errorf("%s: %d requests, want 1 (no retries)", key, n)
		}
		assertNoKey(t, res, key)
	}
}

func TestOnAPIURL(t *testing.T) {
	tests := []struct{ check, api, want string }{
		{"https://api.stripe.com/v1/balance", "http://127.0.0.1:12111", "http://127.0.0.1:12111/v1/balance"},
		{"https://api.stripe.com/v1/balance", "http://127.0.0.1:12111/", "http://127.0.0.1:12111/v1/balance"},
		{"https://api.stripe.com/v1/customers?limit=1", "https://proxy.example/stripe", "https://proxy.example/stripe/v1/customers?limit=1"},
	}
	for _, tt := range tests {
		if got := onAPIURL(tt.check, tt.api); got != tt.want {
			t.Errorf("onAPIURL(%q, %q) = %q, want %q", tt.check, tt.api, got, tt.want)
		}
	}
}
