package runner

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// endlessServer answers every request with a JSON-looking body that never
// ends, until the client goes away.
func endlessServer(t testing.TB) *httptest.Server {
	t.Helper()
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
	t.Cleanup(srv.Close)
	return srv
}

func TestEndlessResponseFails(t *testing.T) {
	srv := endlessServer(t)
	tr, err := run(t, load(t, "user_auth"), Options{
		UserKeys:     map[string]string{"stripe_end_user": testKey},
		StripeAPIURL: srv.URL,
	})
	if err == nil || !strings.Contains(err.Error(), "the response is larger than 8 MiB") {
		t.Fatalf("err = %v, want the response too large", err)
	}
	if len(tr.Calls) != 1 || tr.Calls[0].Error == "" || len(tr.Calls[0].Response) != 0 {
		t.Errorf("the call should be recorded with its error and no body:\n%s", tr.Format())
	}
}

// withScript returns the flow fixture with the script of its "Forever"
// dialog replaced by src.
func withScript(t *testing.T, src string) *Bot {
	t.Helper()
	def, err := os.ReadFile("testdata/flow/botDefinition.json")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile("testdata/flow/config.json")
	if err != nil {
		t.Fatal(err)
	}
	const forever = `while%20(true)%20%7B%7D`
	if !strings.Contains(string(def), forever) {
		t.Fatal("the fixture's Forever script changed")
	}
	def = []byte(strings.Replace(string(def), forever, url.PathEscape(src), 1))
	bot, err := Parse(def, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return bot
}

func TestScriptMemoryLimit(t *testing.T) {
	const limit = 8 << 20
	for name, src := range map[string]string{
		"doubling a string": `var s = "x"; while (true) { s = s + s; }`,
		"growing an array":  `var a = []; while (true) { a.push({n: a.length, s: "item " + a.length}); }`,
		"repeat":            `context.s = "xy".repeat(1e9);`,
		"padStart":          `context.s = "".padStart(2e9, "ab");`,
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			_, err := Run(ctx, withScript(t, src), Options{Dialog: "Forever", MaxScriptHeapGrowth: limit})
			if !errors.Is(err, ErrScriptMemory) {
				t.Fatalf("err = %v, want ErrScriptMemory", err)
			}
			if !strings.Contains(err.Error(), "script node script1") {
				t.Errorf("the error should name the node: %v", err)
			}
		})
	}

	// Below the limit, the string builders work as ever.
	tr, err := run(t, withScript(t, `context.s = "ab".repeat(3) + "c".padStart(3, "-") + "d".padEnd(2);`), Options{Dialog: "Forever"})
	if err != nil || !tr.Ended {
		t.Fatalf("err = %v\n%s", err, tr.Format())
	}
}
