package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/platform"
	"github.com/xoc-dev/xoc/compiler/secret"
)

// platformFlags are the flags of the commands that call the platform's
// public API: deploy, pull and diff.
type platformFlags struct {
	host, clientID, clientSecret string
	timeout                      time.Duration
	verbose                      bool
}

func (f *platformFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.host, "host", "", "the platform's `URL`, e.g. https://platform.kore.ai (default $"+platform.EnvHost+")")
	cmd.Flags().StringVar(&f.clientID, "client-id", "", "client `ID` of the platform's JWT app (default $"+platform.EnvClientID+")")
	cmd.Flags().StringVar(&f.clientSecret, "client-secret", "", "client `SECRET` of the JWT app (default $"+platform.EnvClientSecret+"; prefer the variable: a flag shows in the process list and shell history)")
	cmd.Flags().DurationVar(&f.timeout, "timeout", platform.DefaultTimeout, "how long the platform may take to import or export the bot, polling included")
	cmd.Flags().BoolVarP(&f.verbose, "verbose", "v", false, "log every request, answer and wait to stderr (never the secret or the token)")
}

// platformTestHook, when set by a test, adjusts the client's options:
// a fake clock, a short request timeout.
var platformTestHook func(*platform.Options)

// platformClient makes the run's client from the flags and, for what
// they leave out, the environment.
func (a *app) platformClient(f *platformFlags, dryRun bool, log io.Writer) (*platform.Client, error) {
	opts := platform.Options{
		Host:         cmpOr(f.host, a.getenv(platform.EnvHost)),
		ClientID:     cmpOr(f.clientID, a.getenv(platform.EnvClientID)),
		ClientSecret: cmpOr(f.clientSecret, a.getenv(platform.EnvClientSecret)),
		DryRun:       dryRun,
		Timeout:      f.timeout,
		HTTPClient:   &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
	}
	if f.timeout <= 0 {
		return nil, usageError("--timeout must be positive")
	}
	if f.verbose {
		opts.Trace = func(ev platform.Event) { fmt.Fprintln(log, "xoc: "+describeEvent(ev)) }
	}
	if platformTestHook != nil {
		platformTestHook(&opts)
	}
	c, err := platform.New(opts)
	var usage *platform.UsageError
	if errors.As(err, &usage) {
		return nil, usageError("%s", strings.Join(usage.Problems, "\nxoc: "))
	}
	return c, err
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// describeEvent renders a step of the client's work for -v.
func describeEvent(ev platform.Event) string {
	if ev.Request.Method == "" {
		return fmt.Sprintf("not ended yet; asking again in %s", ev.Wait)
	}
	s := fmt.Sprintf("%s %s (attempt %d): ", ev.Request.Method, ev.Request.URL, ev.Attempt)
	if ev.Err != "" {
		s += ev.Err
	} else {
		s += fmt.Sprintf("%d %s", ev.Status, http.StatusText(ev.Status))
	}
	s += fmt.Sprintf(" in %s", ev.Took.Round(time.Millisecond))
	if ev.Wait > 0 {
		s += fmt.Sprintf("; retrying in %s", ev.Wait)
	}
	return s
}

// platformExit turns a failure of the platform into the exit code:
// exitUnreachable when it could not be reached, kept failing with 429 or
// 5xx, or did not finish in time; exitConfig when it refused.
func platformExit(err error, scrub func(string) string) error {
	if ee, ok := err.(*exitError); ok {
		return ee
	}
	code := exitConfig
	if platform.Unreachable(err) {
		code = exitUnreachable
	}
	return &exitError{code: code, msg: scrub(err.Error())}
}

// secrets collects the values that must never be printed by a run that
// calls the platform: the client secret, and every Stripe key of the
// run's variables (XOC_VAR_ values and --var values that look like one).
// Deploy adds the secured values of the config.json it sends.
func (a *app) secrets(f *platformFlags, vars []string) *secret.Scrubber {
	s := secret.NewScrubber()
	s.Add(cmpOr(f.clientSecret, a.getenv(platform.EnvClientSecret)), "[client secret]")
	values := config.InputsFromEnviron(a.environ)
	for _, v := range vars {
		if name, value, ok := strings.Cut(v, "="); ok {
			values["--var "+name] = value
		}
	}
	for _, v := range values {
		if _, _, ok := secret.Split(v); ok {
			s.Add(v, secret.Redact(v))
		}
	}
	return s
}

// addSecuredValues adds the values of a config.json's secured env
// variables to s: with --embed-secrets they are sent, never shown.
func addSecuredValues(s *secret.Scrubber, configJSON []byte) []string {
	var cfg struct {
		EnvVariables []struct {
			Key       string `json:"key"`
			Value     string `json:"value"`
			IsSecured bool   `json:"isSecured"`
		} `json:"envVariables"`
	}
	json.Unmarshal(configJSON, &cfg)
	var withValue []string
	for _, v := range cfg.EnvVariables {
		if v.IsSecured && v.Value != "" {
			s.Add(v.Value, secret.Redact(v.Value))
			withValue = append(withValue, v.Key)
		}
	}
	return withValue
}

// scrubWriter replaces secrets in everything written through it: the
// last line of defence of the commands that talk to the platform.
type scrubWriter struct {
	w     io.Writer
	scrub func(string) string
}

func (s scrubWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(s.w, s.scrub(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// scrubbed returns a copy of the app whose output streams scrub
// secrets, and the scrubbing function, which also hides tokens.
func (a *app) scrubbed(s *secret.Scrubber) (*app, func(string) string) {
	scrub := func(text string) string { return platform.ScrubTokens(s.Scrub(text)) }
	b := *a
	b.stdout = scrubWriter{a.stdout, scrub}
	b.stderr = scrubWriter{a.stderr, scrub}
	return &b, scrub
}
