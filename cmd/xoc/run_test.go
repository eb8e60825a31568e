package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/xoc-dev/xoc/internal/stripemock"
)

// Canary keys: found anywhere in an output, they are a leak.
const (
	canaryTestKey = "sk_test_CANARY4eC39HqLyjWDarjtT1zdp7"
	canaryLiveKey = "sk_live_CANARY4eC39HqLyjWDarjtT1zdp7"
)

// copyExport copies the committed export out/<label> into a temporary
// folder, with edit (if not nil) applied to its botDefinition.json.
func copyExport(t *testing.T, label string, edit func(def string) string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"botDefinition.json", "config.json"} {
		data, err := os.ReadFile(filepath.Join("../../out", label, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "botDefinition.json" && edit != nil {
			edited := edit(string(data))
			if edited == string(data) {
				t.Fatal("the edit changed nothing")
			}
			data = []byte(edited)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// hitCounter is an HTTP server that counts requests and remembers their
// Authorization headers, answering with a JSON error.
type hitCounter struct {
	*httptest.Server
	hits atomic.Int32
	mu   sync.Mutex
	auth []string
}

func newHitCounter(t *testing.T) *hitCounter {
	t.Helper()
	h := &hitCounter{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.hits.Add(1)
		h.mu.Lock()
		h.auth = append(h.auth, r.Header.Get("Authorization"))
		h.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":{"message":"no"}}`))
	}))
	t.Cleanup(h.Close)
	return h
}

// TestRunAgainstStripeMock covers what xoc run takes from the command line
// and how it fails, against one stripe-mock.
func TestRunAgainstStripeMock(t *testing.T) {
	mock := stripemock.Start(t)
	env := func(kv ...string) []string { return append([]string{"XOC_CACHE=off"}, kv...) }

	t.Run("the help examples run", func(t *testing.T) {
		t.Chdir("../..") // the examples name paths from the repository's root
		example := newRunCommand(&app{}).Example
		commands := exampleCommands(example)
		if len(commands) != 2 {
			t.Fatalf("want two examples, got %q from:\n%s", commands, example)
		}
		for _, words := range commands {
			var environ, args []string
			for len(words) > 0 && strings.Contains(words[0], "=") && !strings.HasPrefix(words[0], "-") {
				environ, words = append(environ, words[0]), words[1:]
			}
			if len(words) == 0 || words[0] != "xoc" {
				t.Fatalf("not an xoc command: %q", words)
			}
			for _, w := range words[1:] {
				args = append(args, strings.ReplaceAll(w, "http://127.0.0.1:12111", mock.URL))
			}
			code, stdout, stderr := xoc(t, env(environ...), args...)
			if code != 0 || stdout == "" {
				t.Errorf("xoc %s: exit %d, want 0 and a message\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, stdout, stderr)
			}
		}
	})

	t.Run("the key from --var, --var-file and XOC_VAR_", func(t *testing.T) {
		varFile := filepath.Join(t.TempDir(), "secrets.hcl")
		writeFile(t, varFile, "stripe_api_key = \""+acceptedKey+"\"\ninvoice_currency = \"eur\"\n")
		for _, dir := range []string{examples + "/stripe-pre-authorized", "../../out/payments_assistant"} {
			for name, how := range map[string]struct{ environ, args []string }{
				"--var":      {nil, []string{"--var", "stripe_api_key=" + acceptedKey}},
				"--var-file": {nil, []string{"--var-file", varFile}},
				"XOC_VAR_":   {[]string{"XOC_VAR_stripe_api_key=" + acceptedKey}, nil},
				"--var over XOC_VAR_": {
					[]string{"XOC_VAR_stripe_api_key=sk_test_wrong"},
					[]string{"--var", "stripe_api_key=" + acceptedKey},
				},
			} {
				args := append([]string{"run", dir, "--dialog", "List all customers", "--stripe-api-url", mock.URL}, how.args...)
				code, stdout, stderr := xoc(t, env(how.environ...), args...)
				if code != 0 || !strings.Contains(stdout, "cus_") {
					t.Errorf("%s, %s: exit %d, want 0 listing customers\nstdout:\n%s\nstderr:\n%s", dir, name, code, stdout, stderr)
				}
			}
		}
		// An export has env variables, not variables: a --var it has no
		// env variable for is a mistake.
		code, _, stderr := xoc(t, env(), "run", "../../out/payments_assistant", "--var", "stripe_api_kye="+acceptedKey, "--stripe-api-url", mock.URL)
		if code != exitUsage || !strings.Contains(stderr, `did you mean "stripe_api_key"?`) || strings.Contains(stderr, acceptedKey) {
			t.Errorf("misspelt --var: exit %d, want 2 with a suggestion and no key:\n%s", code, stderr)
		}
	})

	t.Run("an entity the dialog does not have", func(t *testing.T) {
		code, stdout, stderr := xoc(t, env("XOC_VAR_stripe_api_key="+acceptedKey), "run", "../../out/payments_assistant",
			"--dialog", "Create a Customer", "--entity", "nmae=Smith", "--stripe-api-url", mock.URL)
		if code != exitUsage || !strings.Contains(stderr, `has no entity "nmae"; did you mean "name"?`) || stdout != "" {
			t.Errorf("exit %d, want 2 with a suggestion and nothing run\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		code, _, stderr = xoc(t, env("XOC_VAR_stripe_api_key="+acceptedKey), "run", "../../out/payments_assistant",
			"--dialog", "Create a Custmer", "--stripe-api-url", mock.URL)
		if code != exitUsage || !strings.Contains(stderr, `did you mean "Create a Customer"?`) {
			t.Errorf("a misspelt dialog: exit %d, want 2 with a suggestion:\n%s", code, stderr)
		}
	})

	t.Run("a missing end-user key names its variable", func(t *testing.T) {
		code, _, stderr := xoc(t, env(), "run", "../../out/billing_self_service", "--dialog", "List all invoices", "--stripe-api-url", mock.URL)
		if code != exitConfig || !strings.Contains(stderr, "set XOC_TEST_KEY_STRIPE_END_USER to a Stripe test key") || strings.Contains(stderr, "Options.") {
			t.Errorf("exit %d, want 1 naming XOC_TEST_KEY_STRIPE_END_USER:\n%s", code, stderr)
		}
	})

	t.Run("--format json", func(t *testing.T) {
		export := "../../out/payments_assistant"
		code, stdout, stderr := xoc(t, env("XOC_VAR_stripe_api_key="+acceptedKey), "run", "--format", "json", export, "--dialog", "List all customers", "--stripe-api-url", mock.URL)
		doc := oneDocument(t, stdout)
		if code != 0 || doc.Run == nil || !doc.Run.Succeeded || !doc.Run.Ended || len(doc.Run.Messages) != 1 ||
			len(doc.Run.Calls) != 1 || doc.Run.Calls[0].Status != 200 || doc.Run.Dialog != "List all customers" {
			t.Errorf("exit %d, want 0 and the run in the document:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		// A run that fails is in the document too, with its problems.
		code, stdout, stderr = xoc(t, env("XOC_VAR_stripe_api_key="+canaryLiveKey), "run", "--live", "--format=json", export, "--dialog", "List all customers", "--stripe-api-url", mock.URL)
		doc = oneDocument(t, stdout)
		if code != exitConfig || doc.Run == nil || doc.Run.Succeeded || len(doc.Run.Problems) == 0 || doc.Run.Calls[0].Status != 401 {
			t.Errorf("exit %d, want 1 and the failed run in the document:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		assertNoCanary(t, "run --format json", stdout+stderr)
		// A command-line mistake prints no document.
		code, stdout, _ = xoc(t, env("XOC_VAR_stripe_api_key="+acceptedKey), "run", "--format", "json", export, "--dialog", "nope", "--stripe-api-url", mock.URL)
		if code != exitUsage || stdout != "" {
			t.Errorf("exit %d, want 2 and nothing on stdout:\n%s", code, stdout)
		}
	})

	t.Run("terminal controls in a message are escaped", func(t *testing.T) {
		dir := copyExport(t, "payments_assistant", func(def string) string {
			return replaceScript(t, def, "listAllCustomersScript", `context.listAllCustomersText = "\x1b]0;pwned\x07\x1b[2Jhi\nthere";`)
		})
		code, stdout, stderr := xoc(t, env("XOC_VAR_stripe_api_key="+acceptedKey), "run", "-v", dir, "--dialog", "List all customers", "--stripe-api-url", mock.URL)
		if code != 0 || stdout != `\x1b]0;pwned\x07\x1b[2Jhi`+"\nthere\n" {
			t.Errorf("exit %d, want 0 and the message escaped\nstdout:\n%q\nstderr:\n%s", code, stdout, stderr)
		}
		if strings.ContainsAny(stdout+stderr, "\x1b\x07") {
			t.Errorf("a raw control character is printed:\n%q\n%q", stdout, stderr)
		}
	})

	t.Run("a script that doubles a string", func(t *testing.T) {
		defer func(old int64) { runScriptHeapGrowth = old }(runScriptHeapGrowth)
		runScriptHeapGrowth = 8 << 20
		dir := copyExport(t, "payments_assistant", func(def string) string {
			return replaceScript(t, def, "listAllCustomersScript", `var s = "x"; while (true) { s = s + s; }`)
		})
		code, _, stderr := xoc(t, env("XOC_VAR_stripe_api_key="+acceptedKey), "run", dir, "--dialog", "List all customers", "--stripe-api-url", mock.URL)
		if code != exitConfig || !strings.Contains(stderr, "script used too much memory") || !strings.Contains(stderr, "listAllCustomersScript") {
			t.Errorf("exit %d, want 1 saying the script used too much memory:\n%s", code, stderr)
		}
	})
}

// replaceScript sets the script of the component called name.
func replaceScript(t *testing.T, def, name, script string) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(def), &doc); err != nil {
		t.Fatal(err)
	}
	for _, c := range doc["dialogComponents"].([]any) {
		if comp := c.(map[string]any); comp["name"] == name {
			comp["script"] = url.PathEscape(script)
		}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// exampleCommands splits a cobra Example into commands, each as the words
// a POSIX shell would make of it: lines continued with a backslash are
// joined, double quotes group words.
func exampleCommands(example string) [][]string {
	var commands [][]string
	for _, line := range strings.Split(strings.ReplaceAll(example, "\\\n", " "), "\n") {
		var words []string
		var word strings.Builder
		inWord, quoted := false, false
		for _, r := range line {
			switch {
			case r == '"':
				quoted, inWord = !quoted, true
			case (r == ' ' || r == '\t') && !quoted:
				if inWord {
					words, inWord = append(words, word.String()), false
					word.Reset()
				}
			default:
				word.WriteRune(r)
				inWord = true
			}
		}
		if inWord {
			words = append(words, word.String())
		}
		if len(words) > 0 {
			commands = append(commands, words)
		}
	}
	return commands
}

// TestRunGuardsTheKeys: xoc run refuses live keys without --live, and
// sends a key only to the Stripe base URL in effect.
func TestRunGuardsTheKeys(t *testing.T) {
	export := "../../out/payments_assistant"
	t.Run("a live key needs --live", func(t *testing.T) {
		srv := newHitCounter(t)
		for _, environ := range [][]string{
			{"XOC_VAR_stripe_api_key=" + canaryLiveKey},
			{"XOC_VAR_stripe_api_key=" + strings.Replace(canaryLiveKey, "sk_", "rk_", 1)},
		} {
			code, stdout, stderr := xoc(t, environ, "run", export, "--dialog", "List all customers", "--stripe-api-url", srv.URL)
			if code != exitUsage || !strings.Contains(stderr, "live-mode Stripe key") || !strings.Contains(stderr, "--live") {
				t.Errorf("exit %d, want 2 asking for --live:\n%s", code, stderr)
			}
			if n := srv.hits.Load(); n != 0 {
				t.Errorf("%d requests were sent with a live key", n)
			}
			assertNoCanary(t, "run", stdout+stderr)
		}
		// With --live, it goes ahead (and this server rejects the key).
		code, stdout, stderr := xoc(t, []string{"XOC_VAR_stripe_api_key=" + canaryLiveKey}, "run", "--live", export, "--dialog", "List all customers", "--stripe-api-url", srv.URL)
		if n := srv.hits.Load(); n != 1 || code != exitConfig {
			t.Errorf("--live: exit %d after %d requests, want 1 after 1", code, n)
		}
		assertNoCanary(t, "run --live", stdout+stderr)
	})

	t.Run("the key goes only to the Stripe base URL", func(t *testing.T) {
		stripe, other := newHitCounter(t), newHitCounter(t)
		dir := copyExport(t, "payments_assistant", func(def string) string {
			return strings.Replace(def, `{{env.stripe_base_url}}/v1/customers?limit=`, other.URL+`/v1/customers?limit=`, 1)
		})
		code, stdout, stderr := xoc(t, []string{"XOC_VAR_stripe_api_key=" + canaryTestKey}, "run", dir, "--dialog", "List all customers", "--stripe-api-url", stripe.URL)
		if code != exitConfig || !strings.Contains(stderr, other.URL+"/v1/customers") || !strings.Contains(stderr, "outside the Stripe base URL in effect, "+stripe.URL) {
			t.Errorf("exit %d, want 1 naming the URL and the base URL:\n%s", code, stderr)
		}
		if n := other.hits.Load() + stripe.hits.Load(); n != 0 {
			t.Errorf("%d requests were sent", n)
		}
		assertNoCanary(t, "run", stdout+stderr)
	})
}

// TestRunHostileServers: a Stripe URL that answers with something other
// than the Stripe API ends the run at once, with a clear error.
func TestRunHostileServers(t *testing.T) {
	export := "../../out/payments_assistant"
	environ := []string{"XOC_VAR_stripe_api_key=" + acceptedKey}

	t.Run("200 with HTML", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><body>Sign in</body></html>"))
		}))
		defer srv.Close()
		code, stdout, stderr := xoc(t, environ, "run", export, "--dialog", "List all customers", "--stripe-api-url", srv.URL)
		if code != exitConfig || !strings.Contains(stderr, "answered 200 with a body that is not JSON") || strings.Contains(stdout, "no customers") {
			t.Errorf("exit %d, want 1 saying the answer is not JSON\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
	})

	t.Run("an endless body", func(t *testing.T) {
		chunk := []byte(strings.Repeat(`{"object":"customer"},`, 1500))
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"object":"list","data":[`))
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}))
		defer srv.Close()
		code, _, stderr := xoc(t, environ, "run", export, "--dialog", "List all customers", "--stripe-api-url", srv.URL)
		if code != exitConfig || !strings.Contains(stderr, "the response is larger than 8 MiB") {
			t.Errorf("exit %d, want 1 saying the response is too large:\n%s", code, stderr)
		}
	})
}
