package live

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/xoc-dev/xoc/compiler/secret"
)

// ProfileKeyEnvVar names the environment variable holding a test key for
// the user-authorization profile called profile: XOC_TEST_KEY_ followed by
// the name in upper case, with every character other than A–Z and 0–9
// turned into "_" so the name works in any shell ("stripe-user" →
// XOC_TEST_KEY_STRIPE_USER).
func ProfileKeyEnvVar(profile string) string {
	var b strings.Builder
	b.WriteString("XOC_TEST_KEY_")
	for _, r := range strings.ToUpper(profile) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// CheckProfile calls a user-authorization profile's check URL the way the
// platform's Test button does: GET with HTTP Basic auth, the key as user
// name and an empty password. A 2xx answer is OK; 401 or 403 (and any
// other 4xx but 408 and 429, which suggest a wrong check URL) is
// Rejected; a network error, timeout, 408, 429 or 5xx is Unreachable. An
// empty key is Skipped without a request. timeout <= 0 means
// DefaultTimeout. There are no retries: this is one sign-in, as on the
// platform.
func CheckProfile(ctx context.Context, checkURL, key string, timeout time.Duration) Result {
	return checkProfile(ctx, checkURL, key, timeout, nil)
}

// checkProfile is CheckProfile with the transport that carries the
// request (nil: http.DefaultTransport).
func checkProfile(ctx context.Context, checkURL, key string, timeout time.Duration, transport http.RoundTripper) Result {
	res := Result{Key: secret.Redact(key), URL: checkURL}
	if key == "" {
		res.Outcome = Skipped
		res.Message = "No test key given, so the profile's authorization check was not run."
		return res
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, checkURL, nil)
	if err != nil {
		res.Outcome = Unreachable
		res.Message = scrub(fmt.Sprintf("Could not call the authorization check URL %s: %v.", checkURL, err), key)
		return res
	}
	req.SetBasicAuth(key, "")
	resp, err := (&http.Client{Transport: transport}).Do(req)
	if err != nil {
		res.Outcome = Unreachable
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			res.Message = fmt.Sprintf("No answer from the authorization check URL %s within %s.", checkURL, timeout)
		} else {
			res.Message = fmt.Sprintf("Could not reach the authorization check URL %s: %v.", checkURL, err)
		}
		res.Message = scrub(res.Message, key)
		return res
	}
	// Drain a little so the connection can be reused; the body itself
	// (which may echo the key) is never shown.
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()

	res.HTTPStatus = resp.StatusCode
	status := "HTTP " + resp.Status
	switch code := resp.StatusCode; {
	case code >= 200 && code < 300:
		res.Outcome = OK
		res.Message = fmt.Sprintf("The authorization check URL %s accepted the test key %s.", checkURL, res.Key)
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		res.Outcome = Rejected
		res.Message = fmt.Sprintf("The authorization check URL %s rejected the test key %s with %s.", checkURL, res.Key, status)
	case code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500:
		res.Outcome = Unreachable
		res.Message = fmt.Sprintf("Could not complete the authorization check: %s answered %s.", checkURL, status)
	default:
		res.Outcome = Rejected
		res.Message = fmt.Sprintf("The authorization check URL %s answered %s to the test key %s; check the URL.", checkURL, status, res.Key)
	}
	res.Message = scrub(res.Message, key)
	return res
}

// onAPIURL moves a profile's check URL to the Stripe API base URL of the
// checks (--stripe-api-url): its path and query after apiURL. A profile
// points at Stripe itself; a run pointed elsewhere (a stripe-mock, a
// proxy) means every check, the profile's included.
func onAPIURL(checkURL, apiURL string) string {
	u, err := url.Parse(checkURL)
	if err != nil {
		return checkURL // CheckProfile reports it
	}
	moved := strings.TrimSuffix(apiURL, "/") + u.EscapedPath()
	if u.RawQuery != "" {
		moved += "?" + u.RawQuery
	}
	return moved
}
