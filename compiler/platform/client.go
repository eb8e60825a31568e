// Package platform is xoc's client of the Kore.ai XO Platform's public API
// for bot import, export and publish: the calls behind xoc deploy, xoc
// pull and xoc diff.
//
// Every call carries a JSON Web Token made for it alone (HS256, signed
// with the client secret of a JWT app, see token.go) in the "auth" header,
// as Kore.ai's API reference asks. The client retries what a retry can
// fix (no connection, 429, 5xx), a bounded number of times with
// exponential backoff, and polls an import or export until it ends or a
// deadline passes. Every wait goes through Options.Sleep and every
// deadline through Options.Now, so tests run the retries and the polling
// on a fake clock.
//
// The client secret and the tokens never leave the client: not in errors,
// not in Trace events, not in the requests a dry run describes. Text the
// platform sends back (an error message, a task name) is scrubbed of them
// before it is returned.
//
// This package never prints; cmd/xoc renders what it returns.
package platform

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xoc-dev/xoc/compiler/secret"
)

// Environment variables that hold the platform's credentials.
const (
	EnvHost         = "XOC_KORE_HOST"
	EnvClientID     = "XOC_KORE_CLIENT_ID"
	EnvClientSecret = "XOC_KORE_CLIENT_SECRET"
)

// Defaults of Options.
const (
	// DefaultTimeout bounds how long an import or an export may take
	// on the platform, polling included. Kore.ai documents no duration;
	// an import of a large bot takes minutes.
	DefaultTimeout = 10 * time.Minute
	// DefaultRequestTimeout bounds one attempt of one request: a
	// platform that accepts the connection and then never answers is
	// given up on, and the attempt retried.
	DefaultRequestTimeout = 60 * time.Second
)

// Retry is how the client retries a request that failed in a way a retry
// can fix.
type Retry struct {
	// Attempts is the most attempts of one request, the first included.
	Attempts int
	// FirstWait is the wait after the first failed attempt; each later
	// wait doubles, up to MaxWait.
	FirstWait, MaxWait time.Duration
	// MaxRetryAfter caps how long a 429's Retry-After may make the
	// client wait: a platform asking for an hour gets a failure instead.
	MaxRetryAfter time.Duration
}

// DefaultRetry is 5 attempts, waiting 200 ms, 400 ms, 800 ms and 1.6 s
// between them (3 s in all): enough to ride out a restart or a burst of
// rate limiting without making a broken pipeline wait long.
var DefaultRetry = Retry{Attempts: 5, FirstWait: 200 * time.Millisecond, MaxWait: 5 * time.Second, MaxRetryAfter: 60 * time.Second}

// Polling of an import or export: the first status request waits
// pollFirst, each later one half as long again, up to pollMax.
const (
	pollFirst = 500 * time.Millisecond
	pollMax   = 10 * time.Second
)

// Limits on what the platform sends back.
const (
	// maxAnswer is the largest JSON answer read; real ones are a few kB.
	maxAnswer = 4 << 20
	// maxDownload is the largest export zip downloaded. The largest real
	// export (ecommerce-assistant) is 1.8 MB uncompressed.
	maxDownload = 64 << 20
)

// Options configure a Client.
type Options struct {
	// Host is the platform's URL, e.g. https://platform.kore.ai. Plain
	// http is only accepted for a loopback host (a local test server).
	Host string
	// ClientID and ClientSecret are those of the JWT app the calls are
	// signed for.
	ClientID, ClientSecret string

	// DryRun sends nothing: every request is recorded (see
	// Client.Requests) and answered with placeholders, so a dry run goes
	// through exactly the calls a real one would. No credentials are
	// needed, and no token is made.
	DryRun bool

	// Timeout bounds an import or export on the platform, polling
	// included (default DefaultTimeout).
	Timeout time.Duration
	// RequestTimeout bounds one attempt (default DefaultRequestTimeout).
	RequestTimeout time.Duration
	// Retry is the retry policy (default DefaultRetry).
	Retry Retry

	// HTTPClient sends the requests (default: a client of its own).
	HTTPClient *http.Client
	// Sleep waits d or until ctx is done (default: a timer). Now is the
	// clock of deadlines (default time.Now). Tests replace both.
	Sleep func(ctx context.Context, d time.Duration) error
	Now   func() time.Time
	// Trace, when set, is told of every attempt and wait (xoc -v).
	Trace func(Event)
}

// Event is one step of the client's work, for a verbose log. It holds no
// secret: no token, no client secret, no file contents.
type Event struct {
	// Request is the request, as a dry run would describe it.
	Request Request
	// Attempt counts from 1.
	Attempt int
	// Status is the answer's HTTP status, 0 when there was none.
	Status int
	// Err is why the attempt failed, scrubbed; "" when it did not.
	Err string
	// Wait is how long the client waits before the next attempt or
	// status request; 0 when it does not.
	Wait time.Duration
	// Took is how long the attempt took.
	Took time.Duration
}

// Client calls the platform's public API.
type Client struct {
	opts Options
	host *url.URL
	// hostText is the host as messages show it; "https://{host}" in a
	// dry run without one.
	hostText string
	scrub    *secret.Scrubber

	// requests are the requests of a dry run.
	requests []Request
}

// New checks opts and returns a client.
func New(opts Options) (*Client, error) {
	var errs []string
	host, err := ParseHost(opts.Host)
	if err != nil {
		if !opts.DryRun || opts.Host != "" {
			errs = append(errs, err.Error())
		}
		host = &url.URL{Scheme: "https", Host: "host.invalid"}
	}
	if !opts.DryRun {
		if opts.ClientID == "" {
			errs = append(errs, "the client id is missing: set "+EnvClientID+" or --client-id")
		}
		if opts.ClientSecret == "" {
			errs = append(errs, "the client secret is missing: set "+EnvClientSecret+" (or --client-secret)")
		}
	}
	if len(errs) > 0 {
		return nil, &UsageError{Problems: errs}
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = DefaultRequestTimeout
	}
	if opts.Retry.Attempts <= 0 {
		opts.Retry = DefaultRetry
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{
			// A redirect would carry the auth header elsewhere; the
			// API documents none.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	if opts.Sleep == nil {
		opts.Sleep = sleep
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	c := &Client{opts: opts, host: host, hostText: host.String(), scrub: secret.NewScrubber()}
	if opts.Host == "" {
		c.hostText = "https://{host}"
	}
	c.scrub.Add(opts.ClientSecret, "[client secret]")
	return c, nil
}

// ParseHost parses the platform's URL: "platform.kore.ai" means
// https://platform.kore.ai. It must be https, or http on a loopback
// host, with no user, path, query or fragment.
func ParseHost(s string) (*url.URL, error) {
	if s == "" {
		return nil, errors.New("the platform's host is missing: set " + EnvHost + " or --host (e.g. https://platform.kore.ai)")
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, errors.New("the platform's host is not a URL such as https://platform.kore.ai")
	}
	if u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.Trim(u.Path, "/") != "" {
		return nil, fmt.Errorf("the platform's host %q is not a URL such as https://platform.kore.ai: give only the scheme and host", u.Redacted())
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	default:
		return nil, fmt.Errorf("the platform's host %q must use https (plain http only for localhost)", u.Redacted())
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Host returns the platform's URL, as the client uses it.
func (c *Client) Host() string { return c.host.String() }

// Requests returns the requests a dry run went through, in order.
func (c *Client) Requests() []Request { return c.requests }

// Scrub replaces the client secret and any token in text.
func (c *Client) Scrub(text string) string {
	return ScrubTokens(c.scrub.Scrub(text))
}

// ScrubTokens replaces anything shaped like a JSON Web Token in text.
func ScrubTokens(text string) string {
	return jwtShape.ReplaceAllString(text, "[token]")
}

// jwtShape matches a JSON Web Token: three base64url parts, the first
// two starting with a JSON object ("eyJ").
var jwtShape = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+`)

// call is one request of the API.
type call struct {
	op     string // what the call does, for errors: "upload botDefinition.json"
	method string
	// target is a path on the host, or an absolute URL (a download).
	target string
	// body makes the body for one attempt; nil for none.
	body func() (io.Reader, string)
	// describe is the request as a dry run shows it.
	describe Request
	// once marks a call the platform must not receive twice: it is
	// retried only when it surely was not acted upon (see retryable).
	once bool
	// limit is the largest answer read.
	limit int64
	// sendAuth is false for a download from another origin.
	sendAuth bool
	// dryAnswer is a dry run's answer.
	dryAnswer []byte
}

// answer is a response that arrived.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// do sends c, retrying as the policy allows, and returns a 2xx answer.
// Any other outcome is an error: *APIError for a 4xx, *UnreachableError
// when no attempt got through.
func (c *Client) do(ctx context.Context, cl call) (answer, error) {
	if cl.limit == 0 {
		cl.limit = maxAnswer
	}
	if c.opts.DryRun {
		c.requests = append(c.requests, cl.describe)
		return answer{status: http.StatusOK, body: cl.dryAnswer}, nil
	}
	retry := c.opts.Retry
	var last failure
	for attempt := 1; ; attempt++ {
		start := c.opts.Now()
		ans, err := c.attempt(ctx, cl)
		ev := Event{Request: cl.describe, Attempt: attempt, Status: ans.status, Took: c.opts.Now().Sub(start)}
		if err == nil && ans.status/100 == 2 {
			c.trace(ev)
			return ans, nil
		}
		last = failure{status: ans.status, err: err}
		if err != nil {
			ev.Err = c.Scrub(err.Error())
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			c.trace(ev)
			return ans, c.unreachable(cl, attempt, failure{err: ctxErr})
		}
		var tooLarge *tooLargeError
		if errors.As(err, &tooLarge) {
			// Asking again would bring the same answer.
			c.trace(ev)
			return ans, &APIError{Op: cl.op, Method: cl.method, URL: c.display(cl.target), Status: ans.status, Message: err.Error()}
		}
		if err == nil && !retryableStatus(ans.status, cl.once) {
			c.trace(ev)
			if ans.status >= 500 {
				// A 5xx on a call that must not be repeated.
				return ans, c.unreachable(cl, attempt, last)
			}
			return ans, c.apiError(cl, ans)
		}
		if err != nil && cl.once && !neverSent(err) {
			c.trace(ev)
			return ans, c.unreachable(cl, attempt, last)
		}
		if attempt >= retry.Attempts {
			c.trace(ev)
			return ans, c.unreachable(cl, attempt, last)
		}
		wait := backoff(retry, attempt)
		if ans.status == http.StatusTooManyRequests {
			if after, ok := retryAfter(ans.header, c.opts.Now()); ok {
				if after > retry.MaxRetryAfter {
					c.trace(ev)
					return ans, c.unreachable(cl, attempt, failure{status: ans.status, tooLong: after})
				}
				wait = max(wait, after)
			}
		}
		ev.Wait = wait
		c.trace(ev)
		if err := c.opts.Sleep(ctx, wait); err != nil {
			return ans, c.unreachable(cl, attempt, failure{err: err})
		}
	}
}

func (c *Client) trace(ev Event) {
	if c.opts.Trace != nil {
		c.opts.Trace(ev)
	}
}

// attempt sends cl once. A response of any status is an answer; err is
// for a request that got no response.
func (c *Client) attempt(parent context.Context, cl call) (answer, error) {
	ctx, cancel := context.WithTimeout(parent, c.opts.RequestTimeout)
	defer cancel()
	var body io.Reader
	contentType := ""
	if cl.body != nil {
		body, contentType = cl.body()
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, c.resolve(cl.target), body)
	if err != nil {
		return answer{}, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "xoc")
	if cl.sendAuth {
		token, err := c.token()
		if err != nil {
			return answer{}, err
		}
		req.Header.Set("auth", token)
	}
	resp, err := c.opts.HTTPClient.Do(req)
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded && parent.Err() == nil {
			return answer{}, &attemptTimeout{c.opts.RequestTimeout}
		}
		// The method and URL are said by the message around it.
		if ue, ok := err.(*url.Error); ok {
			return answer{}, ue.Err
		}
		return answer{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, cl.limit+1))
	if err != nil {
		return answer{status: resp.StatusCode}, err
	}
	if int64(len(data)) > cl.limit {
		return answer{status: resp.StatusCode}, &tooLargeError{limit: cl.limit}
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// attemptTimeout is an attempt that got no answer within
// Options.RequestTimeout.
type attemptTimeout struct{ d time.Duration }

func (e *attemptTimeout) Error() string { return fmt.Sprintf("no answer within %s", e.d) }

type tooLargeError struct{ limit int64 }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("the answer is larger than %d MB", e.limit>>20)
}

// display is target as messages and dry runs show it: without the query,
// and with ids and placeholders unescaped.
func (c *Client) display(target string) string {
	if strings.Contains(target, "://") {
		return redactURL(target)
	}
	if p, err := url.PathUnescape(target); err == nil {
		target = p
	}
	return c.hostText + target
}

// marshal encodes v as JSON, leaving <, > and & as they are: the
// placeholders of a dry run read "<import id>".
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func (c *Client) resolve(target string) string {
	if strings.Contains(target, "://") {
		return target
	}
	return c.host.String() + target
}

// retryableStatus reports whether an answer's status may go away when
// asked again: 429, and 5xx. A call that must not reach the platform
// twice is retried only on answers that say it was not acted upon: 429
// and 503.
func retryableStatus(status int, once bool) bool {
	switch {
	case status == http.StatusTooManyRequests, status == http.StatusServiceUnavailable:
		return true
	case status >= 500:
		return !once
	}
	return false
}

// neverSent reports whether err means the request never reached the
// platform: the connection was never made.
func neverSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// backoff is the wait after failed attempt n (from 1).
func backoff(r Retry, n int) time.Duration {
	d := r.FirstWait
	for i := 1; i < n && d < r.MaxWait; i++ {
		d *= 2
	}
	return min(d, r.MaxWait)
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// jsonCall is a call with a JSON body (or none).
func (c *Client) jsonCall(op, method, path string, body any, dryAnswer string) (call, error) {
	cl := call{op: op, method: method, target: path, sendAuth: true, dryAnswer: []byte(dryAnswer)}
	cl.describe = Request{Method: method, URL: c.display(path), Auth: true}
	if body != nil {
		data, err := marshal(body)
		if err != nil {
			return call{}, err
		}
		cl.body = func() (io.Reader, string) { return bytes.NewReader(data), "application/json" }
		cl.describe.Body = data
	}
	return cl, nil
}

// decode reads a JSON answer into v.
func (c *Client) decode(cl call, ans answer, v any) error {
	if c.opts.DryRun && len(ans.body) == 0 {
		return nil
	}
	if err := json.Unmarshal(ans.body, v); err != nil {
		return &APIError{Op: cl.op, Method: cl.method, URL: c.display(cl.target), Status: ans.status,
			Message: "the answer is not the JSON the API documents: " + c.Scrub(err.Error())}
	}
	return nil
}

// redactURL drops the query of a URL, which for a download link may
// carry a signature.
func redactURL(s string) string {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		return s[:i]
	}
	return s
}
