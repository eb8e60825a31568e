package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCommandLineMistakes: every mistake on the command line exits 2 with a
// message naming the flag or argument, and prints nothing on stdout,
// before any bot is loaded or any request sent.
func TestCommandLineMistakes(t *testing.T) {
	example := examples + "/stripe-pre-authorized"
	file := filepath.Join(example, "bot.xo.hcl")
	missing := filepath.Join(t.TempDir(), "nope")
	dir := t.TempDir()
	key := []string{"XOC_VAR_stripe_api_key=sk_test_4eC39HqLyjWDarjtT1zdp7dc"}
	tests := []struct {
		name    string
		environ []string
		args    []string
		want    string // on stderr
	}{
		{"empty --out", nil, []string{"build", "--out", "", example}, "--out needs a folder name"},
		{"--out is a file", nil, []string{"build", "--out", file, example}, "is a file, not a folder"},
		{"--out= is empty", nil, []string{"build", "--out=", example}, "--out needs a folder name"},
		{"validate: missing directory", nil, []string{"validate", missing}, `directory "` + missing + `" does not exist`},
		{"build: missing directory", nil, []string{"build", "--out", t.TempDir(), example, missing}, "does not exist"},
		{"validate: a file for a directory", nil, []string{"validate", file}, "is a file, not a directory"},
		{"build --check: a file for a directory", nil, []string{"build", "--check", file}, "is a file, not a directory"},
		{"run: missing directory", nil, []string{"run", missing}, "does not exist"},
		{"run: a file for a directory", nil, []string{"run", file}, "is a file, not a directory"},
		{"missing --var-file", nil, []string{"validate", "--var-file", missing, example}, `--var-file "` + missing + `" does not exist`},
		{"--var-file is a directory", nil, []string{"build", "--var-file", dir, "--out", t.TempDir(), example}, "is a directory"},
		{"run: missing --var-file", nil, []string{"run", "--var-file", missing, example}, "does not exist"},
		{"malformed --stripe-api-url", key, []string{"validate", "--check-credentials", "--stripe-api-url", "ht!tp:/x", example}, "--stripe-api-url"},
		{"--stripe-api-url without a scheme", key, []string{"validate", "--check-credentials", "--stripe-api-url", "api.stripe.com/v1", example}, "must start with http:// or https://"},
		{"--stripe-api-url without a host", key, []string{"build", "--check-credentials", "--stripe-api-url", "http://", "--out", t.TempDir(), example}, "has no host"},
		{"--stripe-api-url with a query", key, []string{"validate", "--stripe-api-url", "http://127.0.0.1:1/?x=1", example}, "without a query"},
		{"--stripe-api-url with a password", key, []string{"validate", "--stripe-api-url", "http://u:hunter2@127.0.0.1:1", example}, "may not hold a user name or password"},
		{"run: malformed --stripe-api-url", key, []string{"run", "--stripe-api-url", "stripe-mock", example}, "--stripe-api-url"},
		{"malformed $XOC_STRIPE_API_URL", append([]string{"XOC_STRIPE_API_URL=ftp://x"}, key...), []string{"validate", "--check-credentials", example}, "$XOC_STRIPE_API_URL"},
		{"run: malformed $XOC_STRIPE_API_URL", append([]string{"XOC_STRIPE_API_URL=x"}, key...), []string{"run", example}, "$XOC_STRIPE_API_URL"},
		{"negative --timeout", key, []string{"validate", "--check-credentials", "--timeout", "-1s", example}, "--timeout must be positive, not -1s"},
		{"zero --timeout", key, []string{"validate", "--check-credentials", "--timeout", "0", example}, "--timeout must be positive, not 0s"},
		{"zero --timeout without --check-credentials", nil, []string{"build", "--timeout", "0s", "--out", t.TempDir(), example}, "--timeout must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := xoc(t, append([]string{"XOC_CACHE=off"}, tt.environ...), tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitUsage, stdout, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr should mention %q:\n%s", tt.want, stderr)
			}
			if stdout != "" {
				t.Errorf("nothing should go to stdout, got:\n%s", stdout)
			}
			if strings.Contains(stderr, "hunter2") {
				t.Errorf("the password is shown:\n%s", stderr)
			}
		})
	}
}

// TestMessagesEscapeControls: a name or value from the user's files or
// command line is shown with its terminal controls escaped, in a message
// of xoc's as in a diagnostic.
func TestMessagesEscapeControls(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "bots\x1b[2J")
	code, _, stderr := xoc(t, nil, "validate", missing)
	if code != exitUsage || !strings.Contains(stderr, `bots\x1b[2J`) || strings.ContainsRune(stderr, '\x1b') {
		t.Errorf("exit %d, want 2 with the name escaped:\n%q", code, stderr)
	}

	dir := botDir(t, map[string]string{"bot.xo.hcl": strings.Replace(preAuthorizedBot, `bot "payments" {}`, "bot \"payments\" {\n  language = \"en\x1b]0;pwned\x07\"\n}", 1)})
	code, _, stderr = xoc(t, nil, "validate", dir)
	if code != exitConfig || !strings.Contains(stderr, `en\x1b]0;pwned\x07`) || strings.ContainsAny(stderr, "\x1b\x07") {
		t.Errorf("exit %d, want 1 with the value escaped in the source line:\n%q", code, stderr)
	}
}
