package live

import (
	"net/http"
	"sync"
)

// observingTransport sits between stripe-go and the network for one check.
//
// It records the status of the last response, because stripe-go only
// reports the status inside a *stripe.Error, and a gateway's 502 page or
// any other non-JSON answer comes back as a plain error without one.
//
// It also marks 429 responses retryable. stripe-go deliberately does not
// retry rate limiting (only lock timeouts), since retrying adds load in a
// busy integration; a credential check makes one cheap GET per key, so
// riding out a brief rate limit with stripe-go's own backoff is the better
// trade. An explicit "Stripe-Should-Retry: false" from Stripe still wins.
type observingTransport struct {
	base http.RoundTripper

	mu         sync.Mutex
	lastStatus int
	lastText   string
	attempts   int
}

func (t *observingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	t.mu.Lock()
	t.attempts++
	if resp != nil {
		t.lastStatus = resp.StatusCode
		t.lastText = resp.Status
	} else {
		t.lastStatus = 0
		t.lastText = ""
	}
	t.mu.Unlock()
	if resp != nil && resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Stripe-Should-Retry") == "" {
		if resp.Header == nil {
			resp.Header = http.Header{}
		}
		resp.Header.Set("Stripe-Should-Retry", "true")
	}
	return resp, err
}

// last returns the status code and status line of the last response (0
// and "" if the last attempt got none) and how many attempts were made.
func (t *observingTransport) last() (status int, text string, attempts int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.lastStatus, t.lastText, t.attempts
}
