package main

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xoc-dev/xoc/compiler/platform"
	"github.com/xoc-dev/xoc/internal/koretest"
)

// These tests run deploy, pull and diff end to end against koretest, the
// test double of the platform's API, with a fake clock: retries and
// polling take no real time.

// stripeCanary is a Stripe key planted in every run: it must appear in
// no output and no file, and reach the platform only with
// --embed-secrets.
const stripeCanary = "sk_test_CANARY4eC39HqLyjWDarjtT1zdp7"

const paymentsExample = examples + "/stripe-pre-authorized"

// fakeClock is the client's clock in tests: a wait advances it at once.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.waits = append(c.waits, d)
	return nil
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}

// requestTimeout is each attempt's time limit in these tests: long
// enough for a busy machine, and cut short by the hang test.
var requestTimeout = 20 * time.Second

// platformEnv is one test's platform: a koretest server, the fake clock
// the client uses, and the environment of a run with its credentials
// and the Stripe canary.
type platformEnv struct {
	srv     *koretest.Server
	clock   *fakeClock
	environ []string
	// outputs are everything the runs printed, checked for secrets when
	// the test ends.
	outputs []string
}

func newPlatformEnv(t *testing.T) *platformEnv {
	t.Helper()
	srv := koretest.Start(t)
	p := &platformEnv{srv: srv, clock: &fakeClock{now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}}
	p.environ = []string{
		platform.EnvHost + "=" + srv.URL,
		platform.EnvClientID + "=" + koretest.ClientID,
		platform.EnvClientSecret + "=" + koretest.ClientSecret,
		"XOC_VAR_stripe_api_key=" + stripeCanary,
		"XOC_CACHE=off",
	}
	timeout := requestTimeout
	platformTestHook = func(o *platform.Options) {
		o.Sleep, o.Now = p.clock.Sleep, p.clock.Now
		o.RequestTimeout = timeout
	}
	t.Cleanup(func() {
		platformTestHook = nil
		p.checkNoSecrets(t)
	})
	return p
}

// xoc runs the command line with the platform's environment (env
// overriding it), and keeps its output for the secret check.
func (p *platformEnv) xoc(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	// The app reads the first value of a variable: env goes first.
	code, stdout, stderr := xoc(t, append(append([]string(nil), env...), p.environ...), args...)
	p.outputs = append(p.outputs, stdout, stderr)
	return code, stdout, stderr
}

// secrets are the values no output may hold: the client secret, every
// token the server saw, the Stripe canary (whole or its secret part)
// and the signature of the download link.
func (p *platformEnv) secrets() []string {
	s := []string{koretest.ClientSecret, stripeCanary, stripeCanary[len("sk_test_"):], "koretestSIGNATUREdoNotPrint"}
	return append(s, p.srv.Tokens()...)
}

func (p *platformEnv) checkNoSecrets(t *testing.T) {
	t.Helper()
	for _, out := range p.outputs {
		for _, s := range p.secrets() {
			if strings.Contains(out, s) {
				t.Errorf("a secret (%.12s…) was printed:\n%s", s, out)
			}
		}
	}
}

// checkFilesHaveNoSecrets searches every file below dir.
func (p *platformEnv) checkFilesHaveNoSecrets(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range p.secrets() {
			if strings.Contains(string(data), s) {
				t.Errorf("%s holds a secret (%.12s…)", path, s)
			}
		}
		return nil
	})
}

// uploadsHoldCanary reports whether any file the platform received holds
// the Stripe key.
func (p *platformEnv) uploadsHoldCanary() bool {
	for _, data := range p.srv.Uploads() {
		if strings.Contains(string(data), stripeCanary) {
			return true
		}
	}
	return false
}

// requestLines renders the requests the server received, one per line.
func requestLines(reqs []koretest.Request) string {
	var b strings.Builder
	for _, r := range reqs {
		b.WriteString(r.String() + "\n")
	}
	return b.String()
}
