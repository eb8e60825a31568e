package platform

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	testClientID = "cs-test"
	testSecret   = "testSECRETnotToBePrinted0123456789"
)

// clock is a fake clock: Sleep advances it at once and records the wait.
type clock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.waits = append(c.waits, d)
	return nil
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// newTestClient returns a client of srv on a fake clock.
func newTestClient(t *testing.T, srv *httptest.Server) (*Client, *clock) {
	t.Helper()
	clk := &clock{now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	c, err := New(Options{Host: srv.URL, ClientID: testClientID, ClientSecret: testSecret, Sleep: clk.Sleep, Now: clk.Now, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	return c, clk
}

// counting answers every request with answer, counting them.
func counting(answer func(n int, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *int) {
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		i := n
		mu.Unlock()
		answer(i, w, r)
	}))
	return srv, &n
}

func TestTokenClaims(t *testing.T) {
	c, err := New(Options{Host: "https://platform.kore.ai", ClientID: testClientID, ClientSecret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for range 2 {
		token, err := c.token()
		if err != nil {
			t.Fatal(err)
		}
		var claims Claims
		parsed, err := jwt.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return []byte(testSecret), nil },
			jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(), jwt.WithIssuedAt())
		if err != nil || !parsed.Valid {
			t.Fatalf("the token does not verify: %v", err)
		}
		if claims.AppID != testClientID || claims.Subject != TokenSubject || claims.ID == "" {
			t.Errorf("claims: %+v", claims)
		}
		if life := claims.ExpiresAt.Sub(claims.IssuedAt.Time); life != TokenLifetime {
			t.Errorf("the token lives %s, want %s", life, TokenLifetime)
		}
		if seen[claims.ID] {
			t.Error("two tokens share a jti")
		}
		seen[claims.ID] = true
	}
}

func TestParseHost(t *testing.T) {
	for in, want := range map[string]string{
		"platform.kore.ai":          "https://platform.kore.ai",
		"https://bots.kore.ai/":     "https://bots.kore.ai",
		"http://127.0.0.1:8080":     "http://127.0.0.1:8080",
		"http://localhost:1":        "http://localhost:1",
		"http://platform.kore.ai":   "",
		"https://u:p@bots.kore.ai":  "",
		"https://bots.kore.ai/api":  "",
		"https://bots.kore.ai/?x=1": "",
		"ftp://bots.kore.ai":        "",
		"":                          "",
	} {
		u, err := ParseHost(in)
		switch {
		case want == "" && err == nil:
			t.Errorf("%q: want an error, got %s", in, u)
		case want != "" && (err != nil || u.String() != want):
			t.Errorf("%q: got %v, %v, want %s", in, u, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "u:p") {
			t.Errorf("%q: the error shows the password: %v", in, err)
		}
	}
}

func TestBackoff(t *testing.T) {
	var got []time.Duration
	for n := 1; n <= 7; n++ {
		got = append(got, backoff(DefaultRetry, n))
	}
	want := []time.Duration{200, 400, 800, 1600, 3200, 5000, 5000}
	for i := range want {
		if got[i] != want[i]*time.Millisecond {
			t.Fatalf("backoff: %v", got)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"7": 7 * time.Second, "0": 0, now.Add(90 * time.Second).Format(http.TimeFormat): 90 * time.Second,
		"soon": -1, "-3": -1,
	} {
		got, ok := retryAfter(http.Header{"Retry-After": {v}}, now)
		if (want < 0) == ok || (ok && got != want) {
			t.Errorf("Retry-After %q: got %s, %v", v, got, ok)
		}
	}
}

func TestRetriesFiveTimesThenGivesUp(t *testing.T) {
	srv, n := counting(func(_ int, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) })
	defer srv.Close()
	c, clk := newTestClient(t, srv)
	_, err := c.Upload(context.Background(), DefinitionFile, []byte("{}"))
	var u *UnreachableError
	if !errors.As(err, &u) || !Unreachable(err) || u.Attempts != 5 || *n != 5 {
		t.Fatalf("want an UnreachableError after 5 attempts, got %v after %d", err, *n)
	}
	if len(clk.waits) != 4 || clk.waits[3] != 1600*time.Millisecond {
		t.Errorf("waits: %v", clk.waits)
	}
}

func TestRetryAfterOverTheCapFails(t *testing.T) {
	srv, n := counting(func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	defer srv.Close()
	c, clk := newTestClient(t, srv)
	_, err := c.Upload(context.Background(), DefinitionFile, []byte("{}"))
	if !Unreachable(err) || *n != 1 || len(clk.waits) != 0 || !strings.Contains(err.Error(), "asked to wait 1h0m0s") {
		t.Fatalf("a Retry-After of an hour should fail at once: %v (%d requests, waits %v)", err, *n, clk.waits)
	}
}

// An import as a new bot that may have reached the platform is not sent
// again: a second one would make a second bot.
func TestNewBotImportIsNotRepeated(t *testing.T) {
	for status, wantAttempts := range map[int]int{
		http.StatusInternalServerError: 1, // may have been acted upon
		http.StatusBadGateway:          1,
		http.StatusServiceUnavailable:  5, // was not
		http.StatusTooManyRequests:     5,
	} {
		srv, n := counting(func(_ int, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(status) })
		c, _ := newTestClient(t, srv)
		_, err := c.StartImport(context.Background(), ImportRequest{Definition: "a", Config: "b", Icon: "c"})
		srv.Close()
		if !Unreachable(err) || *n != wantAttempts {
			t.Errorf("%d: %d attempts, want %d (%v)", status, *n, wantAttempts, err)
		}
	}
	// Into an existing bot, a repeat is harmless.
	srv, n := counting(func(_ int, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusInternalServerError) })
	defer srv.Close()
	c, _ := newTestClient(t, srv)
	c.StartImport(context.Background(), ImportRequest{BotID: "st-1", Definition: "a", Config: "b", Options: DefaultImportOptions})
	if *n != 5 {
		t.Errorf("an import into a bot: %d attempts, want 5", *n)
	}
}

// A platform's error answer may echo the request: the token and the
// secret must not come back in the error.
func TestErrorsHoldNoSecret(t *testing.T) {
	var token string
	srv, _ := counting(func(_ int, w http.ResponseWriter, r *http.Request) {
		token = r.Header.Get("auth")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"errors":[{"msg":"bad token ` + token + ` for secret ` + testSecret + "\x1b[31m" + `"}]}`))
	})
	defer srv.Close()
	c, _ := newTestClient(t, srv)
	_, err := c.Upload(context.Background(), ConfigFile, []byte("{}"))
	var api *APIError
	if !errors.As(err, &api) || api.Status != http.StatusBadRequest {
		t.Fatalf("want an APIError, got %v", err)
	}
	msg := err.Error()
	if token == "" || strings.Contains(msg, token) || strings.Contains(msg, testSecret) || strings.Contains(msg, "\x1b") {
		t.Errorf("the error holds a secret or a control character: %q", msg)
	}
	if !strings.Contains(msg, "bad token [token] for secret [client secret]") {
		t.Errorf("the platform's message should be kept, scrubbed: %q", msg)
	}
}

func TestDryRunSendsNothing(t *testing.T) {
	c, err := New(Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Deploy(context.Background(), Bundle{Files: map[string][]byte{DefinitionFile: []byte("{}"), ConfigFile: []byte("{}"), IconFile: []byte("png")}},
		DeployOptions{Publish: true, VersionComment: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range c.Requests() {
		lines = append(lines, r.Method+" "+r.URL)
	}
	want := []string{
		"POST https://{host}/api/public/uploadfile",
		"POST https://{host}/api/public/uploadfile",
		"POST https://{host}/api/public/uploadfile",
		"POST https://{host}/api/public/bot/import",
		"GET https://{host}/api/public/bot/import/status/<import id>",
		"POST https://{host}/api/public/bot/<id of the new bot>/publish",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") || !res.Published {
		t.Errorf("dry run requests:\n%s", strings.Join(lines, "\n"))
	}
}

// An answer over the limit is refused at once, not asked for again.
func TestAnswerTooLarge(t *testing.T) {
	srv, n := counting(func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(`{"fileId":"` + strings.Repeat("x", maxAnswer) + `"}`))
	})
	defer srv.Close()
	c, _ := newTestClient(t, srv)
	_, err := c.Upload(context.Background(), ConfigFile, []byte("{}"))
	var api *APIError
	if !errors.As(err, &api) || *n != 1 || !strings.Contains(err.Error(), "larger than 4 MB") {
		t.Errorf("want one attempt and an APIError, got %d attempts: %v", *n, err)
	}
}
