// Package live checks Stripe credentials against the real API (or anything
// that speaks it, such as stripe-mock) for `--check-credentials`.
//
// A check never changes anything in the Stripe account: it makes one
// GET /v1/balance per distinct key and, for restricted keys, one
// list call with limit=1 per resource the chosen templates use. The
// outcome is typed ([Outcome]) so the compiler can turn it into a
// diagnostic on the api_key attribute and pick the exit code: [Rejected]
// and [MissingPermission] are configuration errors (exit 1), [Unreachable]
// means the check could not be completed (exit 3).
//
// Keys never appear in full in a [Result]: messages are written here, not
// copied from the server (Stripe and stripe-mock both echo the key in
// their 401 message), and show keys only as [secret.Redact] renders them.
package live

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
	"github.com/stripe/stripe-go/v76/form"

	"github.com/xoc-dev/xoc/compiler/secret"
)

// Defaults for [Options].
const (
	DefaultAPIURL            = "https://api.stripe.com"
	DefaultTimeout           = 10 * time.Second
	DefaultMaxNetworkRetries = 2
	DefaultConcurrency       = 4
)

// EnvAPIURL is the environment variable the command line reads when
// --stripe-api-url is not given.
const EnvAPIURL = "XOC_STRIPE_API_URL"

// Outcome classifies a credential check.
type Outcome int

const (
	// OK: the key (or profile) works and, for a restricted key, can read
	// every resource asked about.
	OK Outcome = iota
	// Rejected: the key is not accepted (HTTP 401, a publishable or empty
	// key, or a profile check answering 401/403). A configuration error.
	Rejected
	// MissingPermission: a restricted key is valid but may not read some of
	// the resources the templates use (HTTP 403); Result.Missing names
	// them. A configuration error.
	MissingPermission
	// Unreachable: the check could not be completed: network error,
	// timeout, 5xx or persistent 429 after retries, or an answer that
	// says nothing about the key. Result.URL says where it tried.
	Unreachable
	// Skipped: nothing was checked (a profile without a test key).
	Skipped
)

func (o Outcome) String() string {
	switch o {
	case OK:
		return "ok"
	case Rejected:
		return "rejected"
	case MissingPermission:
		return "missing permission"
	case Unreachable:
		return "unreachable"
	case Skipped:
		return "skipped"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Result is the outcome of one check. None of its fields holds a key in
// full.
type Result struct {
	Outcome Outcome
	// Key is the checked key as [secret.Redact] renders it.
	Key string
	// URL is the Stripe API base URL, or the profile's check URL.
	URL string
	// Missing lists, for MissingPermission, the resources the restricted
	// key may not read, in the order they were asked for.
	Missing []string
	// HTTPStatus is the status of the answer that decided the outcome, 0 if
	// there was none (no request made, or no answer).
	HTTPStatus int
	// Message is one or two sentences for a diagnostic's detail.
	Message string
}

// Options configures a [Checker]. The zero value checks against
// api.stripe.com with the defaults above.
type Options struct {
	// APIURL is the Stripe API base URL (--stripe-api-url or
	// XOC_STRIPE_API_URL); empty means DefaultAPIURL. When it is set,
	// CheckConfigs calls the auth profiles' check URLs there too.
	APIURL string
	// Timeout bounds each request, stripe-go's retries included; 0 means
	// DefaultTimeout.
	Timeout time.Duration
	// MaxNetworkRetries is how often stripe-go retries a network error,
	// 429 or 5xx; 0 means DefaultMaxNetworkRetries, a negative value none.
	// stripe-go waits at least 500 ms before a retry.
	MaxNetworkRetries int
	// Concurrency bounds how many requests run at once; 0 means
	// DefaultConcurrency.
	Concurrency int
	// Transport carries the requests; nil means http.DefaultTransport.
	Transport http.RoundTripper
}

// Checker runs credential checks and remembers their answers, so callers
// sharing a key share its requests: within one CheckKeys call or across
// concurrent CheckKey calls, each distinct key gets one GET /v1/balance and
// each (restricted key, resource) pair one probe. It is safe for
// concurrent use.
type Checker struct {
	apiURL    string
	timeout   time.Duration
	retries   int64
	transport http.RoundTripper
	sem       chan struct{}

	mu    sync.Mutex
	calls map[callKey]*call
}

// NewChecker returns a Checker configured by opts.
func NewChecker(opts Options) *Checker {
	c := &Checker{
		apiURL:    strings.TrimSuffix(opts.APIURL, "/"),
		timeout:   opts.Timeout,
		retries:   int64(opts.MaxNetworkRetries),
		transport: opts.Transport,
		calls:     make(map[callKey]*call),
	}
	if c.apiURL == "" {
		c.apiURL = DefaultAPIURL
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	switch {
	case opts.MaxNetworkRetries == 0:
		c.retries = DefaultMaxNetworkRetries
	case opts.MaxNetworkRetries < 0:
		c.retries = 0
	}
	if c.transport == nil {
		c.transport = http.DefaultTransport
	}
	n := opts.Concurrency
	if n <= 0 {
		n = DefaultConcurrency
	}
	c.sem = make(chan struct{}, n)
	return c
}

// KeyCheck asks for one key to be checked, with the resources a
// restricted key must be able to read (Stripe's plural path names:
// "customers", "invoices", "invoiceitems", "payment_intents", ...).
type KeyCheck struct {
	Key       string
	Resources []string
}

// CheckKeys runs checks concurrently and returns their results in the
// order of checks. Checks sharing a key share its requests.
func (c *Checker) CheckKeys(ctx context.Context, checks []KeyCheck) []Result {
	results := make([]Result, len(checks))
	var wg sync.WaitGroup
	for i, kc := range checks {
		wg.Go(func() {
			results[i] = c.CheckKey(ctx, kc.Key, kc.Resources)
		})
	}
	wg.Wait()
	return results
}

// balanceResource is the resource GET /v1/balance proves; asking for it
// among a restricted key's resources reuses the first call.
const balanceResource = "balance"

// CheckKey checks one key: GET /v1/balance, then, for a restricted key,
// a read-only probe of each resource.
func (c *Checker) CheckKey(ctx context.Context, key string, resources []string) Result {
	res := Result{Key: secret.Redact(key), URL: c.apiURL}
	switch keyKind(key) {
	case "pk":
		res.Outcome = Rejected
		res.Message = fmt.Sprintf("%s is a publishable key, which cannot call the Stripe API endpoints the templates use; use a secret (sk_) or restricted (rk_) key.", res.Key)
		return res
	case "":
		if key == "" {
			res.Outcome = Rejected
			res.Message = "The API key is empty."
			return res
		}
		// An unknown shape still goes to Stripe: it is the authority on
		// what it accepts, and the answer will be a clear 401.
	}
	restricted := keyKind(key) == "rk"

	bal := c.shared(ctx, callKey{key: key}, func(ctx context.Context) callResult {
		return c.getBalance(ctx, key)
	})
	res.HTTPStatus = bal.status
	switch {
	case bal.status == http.StatusUnauthorized:
		return rejected(res, key, bal)
	case bal.status == http.StatusForbidden && !restricted:
		return rejected(res, key, bal)
	case bal.status == http.StatusForbidden:
		// A restricted key without balance permission is still a valid
		// key; whether that matters depends on the resources asked for.
	case !bal.ok:
		return unreachable(res, key, bal)
	}
	if !restricted {
		res.Outcome = OK
		res.Message = fmt.Sprintf("Stripe accepted the API key %s.", res.Key)
		return res
	}

	// Probe the resources concurrently (the checker bounds how many
	// requests run at once) and report them in the order asked for.
	resources = dedupe(resources)
	probes := make([]callResult, len(resources))
	var wg sync.WaitGroup
	for i, name := range resources {
		if name == balanceResource {
			probes[i] = bal
			continue
		}
		wg.Go(func() {
			probes[i] = c.shared(ctx, callKey{key: key, resource: name}, func(ctx context.Context) callResult {
				return c.probe(ctx, key, name)
			})
		})
	}
	wg.Wait()

	var missing, unverified []string
	var firstMissing, firstUnverified *callResult
	for i, p := range probes {
		switch {
		case p.ok:
		case p.status == http.StatusUnauthorized:
			res.HTTPStatus = p.status
			return rejected(res, key, p)
		case p.status == http.StatusForbidden:
			missing = append(missing, resources[i])
			if firstMissing == nil {
				firstMissing = &probes[i]
			}
		default:
			unverified = append(unverified, resources[i])
			if firstUnverified == nil {
				firstUnverified = &probes[i]
			}
		}
	}
	switch {
	case len(missing) > 0:
		// A missing permission is a definite configuration error, so it
		// outranks resources that could not be checked.
		res.Outcome = MissingPermission
		res.Missing = missing
		res.HTTPStatus = firstMissing.status
		res.Message = fmt.Sprintf("The restricted key %s may not read %s: Stripe answered HTTP 403 to %s. Grant the key read and write access to %s in the Stripe dashboard, or use another key.",
			res.Key, joinNames(missing), firstMissing.request, pluralNames(missing))
		if len(unverified) > 0 {
			res.Message += fmt.Sprintf(" Could not check %s: %s.", joinNames(unverified), firstUnverified.detail)
		}
		return res
	case len(unverified) > 0:
		res.HTTPStatus = firstUnverified.status
		r := unreachable(res, key, *firstUnverified)
		r.Message += fmt.Sprintf(" Resources not checked: %s.", joinNames(unverified))
		return r
	}
	res.Outcome = OK
	res.HTTPStatus = bal.status
	if len(resources) > 0 {
		// The probes decided, and they all succeeded.
		res.HTTPStatus = probes[len(probes)-1].status
	}
	if len(resources) == 0 {
		res.Message = fmt.Sprintf("Stripe accepted the restricted key %s.", res.Key)
	} else {
		res.Message = fmt.Sprintf("Stripe accepted the restricted key %s, and it may read %s.", res.Key, joinNames(resources))
	}
	return res
}

func rejected(res Result, key string, cr callResult) Result {
	res.Outcome = Rejected
	res.HTTPStatus = cr.status
	res.Message = scrub(fmt.Sprintf("Stripe rejected the API key %s: %s answered %s. Check that the key is complete, not revoked, and from the intended account.",
		res.Key, cr.request, cr.statusText), key)
	return res
}

func unreachable(res Result, key string, cr callResult) Result {
	res.Outcome = Unreachable
	res.HTTPStatus = cr.status
	res.Message = scrub(fmt.Sprintf("Could not check the API key %s against Stripe at %s: %s.", res.Key, res.URL, cr.detail), key)
	return res
}

// callKey identifies a request worth sharing: resource "" is the balance
// call.
type callKey struct {
	key, resource string
}

type call struct {
	done chan struct{}
	res  callResult
}

// callResult is what one request (with its retries) came to. detail and
// request never hold the key.
type callResult struct {
	ok         bool
	status     int    // last HTTP status, 0 if no answer
	statusText string // e.g. "HTTP 401 Unauthorized"
	request    string // e.g. "GET https://api.stripe.com/v1/balance"
	detail     string // why it is not ok, for Unreachable messages
}

// shared runs fn once per key k for the checker's lifetime and hands every
// caller its result. fn runs under its own timeout, started once a
// concurrency slot is free, and is not cancelled when the first caller
// gives up: other callers may be waiting for it, and the timeout bounds it
// anyway. A caller whose ctx ends stops waiting.
func (c *Checker) shared(ctx context.Context, k callKey, fn func(context.Context) callResult) callResult {
	c.mu.Lock()
	cl, found := c.calls[k]
	if !found {
		cl = &call{done: make(chan struct{})}
		c.calls[k] = cl
		base := context.WithoutCancel(ctx)
		go func() {
			defer close(cl.done)
			c.sem <- struct{}{}
			defer func() { <-c.sem }()
			ctx, cancel := context.WithTimeout(base, c.timeout)
			defer cancel()
			cl.res = fn(ctx)
		}()
	}
	c.mu.Unlock()

	select {
	case <-cl.done:
		return cl.res
	case <-ctx.Done():
		return callResult{detail: "the check was cancelled: " + ctx.Err().Error()}
	}
}

// backend returns a stripe-go backend of its own for one request, so that
// nothing is shared through stripe-go's package globals, with the
// transport that observes it. The request's context is ctx, which the
// transport cancels when a response is too large to read.
func (c *Checker) backend(ctx context.Context) (context.Context, stripe.Backend, *observingTransport) {
	ctx, cancel := context.WithCancel(ctx)
	t := &observingTransport{base: c.transport, abort: cancel}
	b := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{
		URL:               stripe.String(c.apiURL),
		MaxNetworkRetries: stripe.Int64(c.retries),
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
		EnableTelemetry:   stripe.Bool(false),
		HTTPClient:        &http.Client{Transport: t},
	})
	return ctx, b, t
}

func (c *Checker) getBalance(ctx context.Context, key string) callResult {
	reqCtx, b, t := c.backend(ctx)
	api := client.New(key, &stripe.Backends{API: b, Connect: b, Uploads: b})
	_, err := api.Balance.Get(&stripe.BalanceParams{Params: stripe.Params{Context: reqCtx}})
	return c.classify(ctx, err, t, "GET "+c.apiURL+"/v1/balance")
}

// resourceName matches the Stripe list endpoints a probe may call, e.g.
// "customers" or "billing_portal/configurations".
var resourceName = regexp.MustCompile(`^[a-z][a-z0-9_]*(/[a-z][a-z0-9_]*)*$`)

// probe lists at most one object of resource: the cheapest read-only call
// that needs the resource's permission. (Stripe offers no harmless way to
// test write permission; a key that may read a resource but not write it
// passes.)
func (c *Checker) probe(ctx context.Context, key, resource string) callResult {
	path := "/v1/" + resource
	request := "GET " + c.apiURL + path + "?limit=1"
	if !resourceName.MatchString(resource) {
		return callResult{request: request, detail: fmt.Sprintf("%q is not a Stripe resource name", resource)}
	}
	reqCtx, b, t := c.backend(ctx)
	var page listPage
	query := &form.Values{}
	query.Add("limit", "1")
	// CallRaw, as stripe-go's own list iterators do: Call's parameter
	// reflection expects a resource-specific params struct.
	err := b.CallRaw(http.MethodGet, path, key, query, &stripe.Params{Context: reqCtx}, &page)
	return c.classify(ctx, err, t, request)
}

// listPage receives a list response; only its success matters.
type listPage struct {
	stripe.APIResource
	Object string `json:"object"`
}

// classify turns a stripe-go result into a callResult, using the status
// the transport saw because non-JSON error pages do not become
// *stripe.Error.
func (c *Checker) classify(ctx context.Context, err error, t *observingTransport, request string) callResult {
	status, text, attempts := t.last()
	cr := callResult{status: status, request: request}
	if text != "" {
		cr.statusText = "HTTP " + text
	}
	if err == nil {
		cr.ok = true
		return cr
	}
	var serr *stripe.Error
	if errors.As(err, &serr) && serr.HTTPStatusCode != 0 && status == 0 {
		cr.status = serr.HTTPStatusCode
		cr.statusText = fmt.Sprintf("HTTP %d %s", cr.status, http.StatusText(cr.status))
	}
	retries := ""
	if attempts > 1 {
		retries = fmt.Sprintf(" after %d attempts", attempts)
	}
	switch {
	case t.wasTooLarge():
		cr.detail = fmt.Sprintf("%s answered %s with a body larger than %d MiB: whatever answered is not the Stripe API", request, cr.statusText, maxResponseBytes>>20)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		cr.status = 0
		cr.detail = fmt.Sprintf("no answer from %s within %s%s", request, c.timeout, retries)
	case cr.status >= 200 && cr.status < 300:
		// A success status with a body stripe-go cannot read: whatever
		// answered is not the Stripe API.
		cr.detail = fmt.Sprintf("%s answered %s with a body that is not Stripe's JSON", request, cr.statusText)
	case cr.status != 0:
		cr.detail = fmt.Sprintf("%s answered %s%s", request, cr.statusText, retries)
	default:
		// A network error; its text names the URL and the cause but never
		// the key, which travels in a header.
		cr.detail = fmt.Sprintf("%s failed%s: %v", request, retries, err)
	}
	return cr
}

func dedupe(names []string) []string {
	seen := make(map[string]bool, len(names))
	out := make([]string, 0, len(names))
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// joinNames renders ["a", "b", "c"] as "a, b and c".
func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func pluralNames(names []string) string {
	if len(names) == 1 {
		return "it"
	}
	return "them"
}
