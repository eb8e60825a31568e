package live

import (
	"fmt"
	"io"
	"net/http"
	"sync"
)

// maxResponseBytes bounds the body of an answer to a check. Stripe
// answers GET /v1/balance and a list of one object with a few kB; a body
// of more than 1 MiB is not Stripe's, and a server that never stops
// sending must not take the machine's memory (stripe-go reads a body
// whole).
const maxResponseBytes = 1 << 20

// errResponseTooLarge is what reading a body beyond maxResponseBytes
// gives.
var errResponseTooLarge = fmt.Errorf("the response is larger than %d MiB, which no answer of the Stripe API is", maxResponseBytes>>20)

// observingTransport sits between stripe-go and the network for one check.
//
// It records the status of the last response, because stripe-go only
// reports the status inside a *stripe.Error, and a gateway's 502 page or
// any other non-JSON answer comes back as a plain error without one.
//
// It caps each response body at maxResponseBytes: reading beyond it
// fails, and abort (when set) is called, so that stripe-go, which
// retries a failed read, stops instead of fetching the endless body
// again.
//
// It also marks 429 responses retryable. stripe-go deliberately does not
// retry rate limiting (only lock timeouts), since retrying adds load in a
// busy integration; a credential check makes one cheap GET per key, so
// riding out a brief rate limit with stripe-go's own backoff is the better
// trade. An explicit "Stripe-Should-Retry: false" from Stripe still wins.
type observingTransport struct {
	base  http.RoundTripper
	abort func()

	mu         sync.Mutex
	lastStatus int
	lastText   string
	attempts   int
	tooLarge   bool
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
	if resp != nil && resp.Body != nil {
		resp.Body = &cappedBody{body: resp.Body, left: maxResponseBytes, exceeded: t.exceeded}
	}
	return resp, err
}

// exceeded records that a body went over the cap, and aborts the call.
func (t *observingTransport) exceeded() {
	t.mu.Lock()
	t.tooLarge = true
	t.mu.Unlock()
	if t.abort != nil {
		t.abort()
	}
}

// wasTooLarge reports whether a body of the call went over the cap.
func (t *observingTransport) wasTooLarge() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.tooLarge
}

// cappedBody reads at most left bytes of body; reading more fails with
// errResponseTooLarge.
type cappedBody struct {
	body     io.ReadCloser
	left     int64
	exceeded func()
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, errResponseTooLarge
	}
	// Ask for one byte more than is left, to tell a body that ends at
	// the cap from one that goes on.
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.body.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		b.exceeded()
		return n + int(b.left), errResponseTooLarge
	}
	return n, err
}

func (b *cappedBody) Close() error { return b.body.Close() }

// last returns the status code and status line of the last response (0
// and "" if the last attempt got none) and how many attempts were made.
func (t *observingTransport) last() (status int, text string, attempts int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.lastStatus, t.lastText, t.attempts
}
