package runner

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/xoc-dev/xoc/compiler/secret"
)

// A run sends real requests with real keys, from an export that may come
// from anywhere. Two rules keep the keys where they belong:
//
//   - A live-mode key (sk_live_, rk_live_) is refused unless
//     Options.AllowLiveKeys is set: a run creates customers and invoices,
//     which is only harmless in test mode.
//   - A request that carries a credential (an Authorization header, or a
//     secret value anywhere in its URL, headers or body) goes only to the
//     Stripe base URL in effect: the stripe_base_url env value once
//     Options.Env and Options.StripeAPIURL have overridden config.json's.
//     A service that names another host fails without being sent.

// LiveKeyError is the error of a run given a live-mode Stripe key without
// Options.AllowLiveKeys.
type LiveKeyError struct {
	// Source says where the key came from: `env variable "stripe_api_key"`
	// or `the end-user key of authorization profile "stripe_end_user"`.
	Source string
	// Key is the key as [secret.Redact] shows it.
	Key string
}

func (e *LiveKeyError) Error() string {
	return fmt.Sprintf("%s holds a live-mode Stripe key (%s): a run sends real requests, which would act on the live account, so it takes test keys only unless live keys are allowed", e.Source, e.Key)
}

// NoUserKeyError is the error of a service that needs the end user's key
// for an authorization profile the run has no key for. It matches
// [ErrNoUserKey] with errors.Is.
type NoUserKeyError struct {
	Profile string // the authorization profile's name
}

func (e *NoUserKeyError) Error() string {
	return fmt.Sprintf("the service needs the end user to sign in with authorization profile %q, and the run has no end-user key for it (Options.UserKeys)", e.Profile)
}

func (e *NoUserKeyError) Is(target error) bool { return target == ErrNoUserKey }

// ErrCredentialsElsewhere is returned (wrapped) for a request that would
// carry a credential to a URL outside the Stripe base URL in effect; the
// request is not sent.
var ErrCredentialsElsewhere = errors.New("a credential would leave the Stripe base URL")

// liveKeyPattern finds live-mode secret and restricted keys in any text.
var liveKeyPattern = regexp.MustCompile(`(?:^|[^A-Za-z0-9])((?:sk|rk)_live_[A-Za-z0-9]+)`)

// liveKeyIn returns the first live-mode key in s, or "".
func liveKeyIn(s string) string {
	if m := liveKeyPattern.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

// checkLiveKeys refuses a run whose env values or end-user keys hold a
// live-mode key, unless the options allow them. Every env value counts,
// secured or not: scripts and templates can send any of them.
func (m *machine) checkLiveKeys(env map[string]string, envOrder []string) error {
	if m.opts.AllowLiveKeys {
		return nil
	}
	for _, k := range envOrder {
		if key := liveKeyIn(env[k]); key != "" {
			return &LiveKeyError{Source: fmt.Sprintf("env variable %q", k), Key: secret.Redact(key)}
		}
	}
	for _, p := range sortedKeys(m.opts.UserKeys) {
		if key := liveKeyIn(m.opts.UserKeys[p]); key != "" {
			return &LiveKeyError{Source: fmt.Sprintf("the end-user key of authorization profile %q", p), Key: secret.Redact(key)}
		}
	}
	return nil
}

// carriesCredential reports whether a request holds a credential: an
// Authorization header, or one of the run's secrets in its URL, headers
// or body.
func (m *machine) carriesCredential(rawURL string, headers []header, body string) bool {
	parts := []string{rawURL, body}
	for _, h := range headers {
		if strings.EqualFold(h.name, "Authorization") {
			return true
		}
		parts = append(parts, h.value)
	}
	for _, p := range parts {
		for _, s := range m.secretValues {
			if strings.Contains(p, s) {
				return true
			}
		}
	}
	return false
}

// checkDestination fails a request that carries a credential to a URL
// outside the Stripe base URL in effect.
func (m *machine) checkDestination(rawURL string, headers []header, body string) error {
	if !m.carriesCredential(rawURL, headers, body) {
		return nil
	}
	if m.baseURL == "" {
		return fmt.Errorf("%w: %s would carry a credential, and the run has no Stripe base URL (env variable stripe_base_url)",
			ErrCredentialsElsewhere, m.redact(rawURL))
	}
	if !underBase(rawURL, m.baseURL) {
		return fmt.Errorf("%w: %s would carry a credential outside the Stripe base URL in effect, %s; it was not sent",
			ErrCredentialsElsewhere, m.redact(rawURL), m.redact(m.baseURL))
	}
	return nil
}

// underBase reports whether rawURL is base or below it: the same scheme
// and host (and port), and a path that is base's path or continues it
// after a "/". "https://api.stripe.com.evil.example" and
// "https://api.stripe.com@evil.example" are not under
// "https://api.stripe.com".
func underBase(rawURL, base string) bool {
	u, err1 := url.Parse(rawURL)
	b, err2 := url.Parse(base)
	if err1 != nil || err2 != nil || u.User != nil || u.Opaque != "" || b.Opaque != "" {
		return false
	}
	if !strings.EqualFold(u.Scheme, b.Scheme) || origin(u) != origin(b) {
		return false
	}
	basePath := strings.TrimSuffix(b.EscapedPath(), "/")
	path := u.EscapedPath()
	return path == basePath || strings.HasPrefix(path, basePath+"/") || basePath == "" && path == ""
}

// origin is a URL's host and port in lower case, the scheme's default
// port left out.
func origin(u *url.URL) string {
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "" || (port == "443" && strings.EqualFold(u.Scheme, "https")) || (port == "80" && strings.EqualFold(u.Scheme, "http")) {
		return host
	}
	return host + ":" + port
}
