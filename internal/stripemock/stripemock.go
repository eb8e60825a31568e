// Package stripemock runs Stripe's own mock server, stripe-mock, for tests
// and benchmarks.
//
// Everything in xoc that talks to "Stripe" in a test talks to stripe-mock
// rather than a hand-written fake: stripe-mock is generated from Stripe's
// OpenAPI spec, validates every request against it and is what stripe-go's
// own tests use. The version is pinned as a `tool` in tools/go.mod (a module
// of its own, so the main module does not depend on it).
//
// The binary comes from, in order:
//   - the environment variable XOC_STRIPE_MOCK_BIN (the Makefile builds it once
//     and sets this), or
//   - a per-user cache directory, where it is built with
//     `go build -C <module root>/tools github.com/stripe/stripe-mock` the
//     first time it is needed and reused afterwards (the file name carries
//     the pinned version, so bumping the pin rebuilds).
//
// Tests call [Start]; programs call [Build] and [Run].
package stripemock

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// EnvBin names the environment variable that points at a prebuilt
// stripe-mock binary. When it is set, nothing is built.
const EnvBin = "XOC_STRIPE_MOCK_BIN"

// ModulePath is the Go module of stripe-mock, as pinned in tools/go.mod.
const ModulePath = "github.com/stripe/stripe-mock"

// startTimeout bounds how long Run waits for stripe-mock to announce its
// port and answer a first request. Loading the embedded OpenAPI spec takes
// well under a second; the margin is for a busy machine.
const startTimeout = 30 * time.Second

// buildTimeout bounds the go build that Start triggers. A cold module cache
// means downloading stripe-mock and compiling it, which takes a while.
const buildTimeout = 10 * time.Minute

// Server is a running stripe-mock process.
type Server struct {
	// URL is the base URL of the HTTP listener, e.g. "http://127.0.0.1:41234",
	// without a trailing slash. Pass it where a Stripe API base URL is expected.
	URL string

	cmd     *exec.Cmd
	output  *tailBuffer
	waitErr chan error
	once    sync.Once
	stopErr error
}

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

// Start returns a running stripe-mock for the test and stops it when the
// test (and its subtests) finish. The binary is built at most once per
// process. Failing to build or start is a test failure, not a skip: `make
// test` must really exercise the code that talks to Stripe.
func Start(t testing.TB) *Server {
	t.Helper()
	buildOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
		defer cancel()
		buildPath, buildErr = Build(ctx)
	})
	if buildErr != nil {
		t.Fatalf("stripemock: %v", buildErr)
	}

	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	srv, err := Run(ctx, buildPath)
	if err != nil {
		t.Fatalf("stripemock: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Logf("stripemock: stopping: %v", err)
		}
	})
	return srv
}

// Build returns the path of a stripe-mock binary, building it if necessary.
// It honours [EnvBin]; otherwise it builds the version pinned in
// tools/go.mod into the user's cache directory (or a temporary directory if
// there is none) and reuses that binary on later calls.
func Build(ctx context.Context) (string, error) {
	if bin := os.Getenv(EnvBin); bin != "" {
		info, err := os.Stat(bin)
		if err != nil {
			return "", fmt.Errorf("%s=%s: %w", EnvBin, bin, err)
		}
		if info.IsDir() {
			return "", fmt.Errorf("%s=%s is a directory, not a stripe-mock binary", EnvBin, bin)
		}
		return bin, nil
	}

	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	toolsDir := filepath.Join(root, "tools")
	version, err := pinnedVersion(filepath.Join(toolsDir, "go.mod"))
	if err != nil {
		return "", err
	}

	dir, err := cacheDir(version)
	if err != nil {
		return "", err
	}
	name := "stripe-mock"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	bin := filepath.Join(dir, name)
	if info, err := os.Stat(bin); err == nil && info.Mode().IsRegular() && info.Size() > 0 {
		return bin, nil
	}

	// Several test binaries may build at once (go test runs packages in
	// parallel), so each builds to its own file and renames it into place;
	// the rename is atomic and the results are identical.
	tmp, err := os.CreateTemp(dir, name+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("creating the stripe-mock build output: %w", err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpName) // no-op once renamed

	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("building stripe-mock needs the go command: %w", err)
	}
	cmd := exec.CommandContext(ctx, goBin, "build", "-C", toolsDir, "-o", tmpName, ModulePath)
	// tools/ is a module of its own; a go.work further up must not capture it.
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("building stripe-mock %s (%s): %v\n%s", version, strings.Join(cmd.Args, " "), err, out)
	}
	if err := os.Rename(tmpName, bin); err != nil {
		return "", fmt.Errorf("installing stripe-mock into %s: %w", dir, err)
	}
	return bin, nil
}

// ModuleRoot returns the directory holding xoc's go.mod. It walks up from
// this source file (known at compile time) and, failing that, from the
// working directory, which for tests is the package directory.
func ModuleRoot() (string, error) {
	var starts []string
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		starts = append(starts, filepath.Dir(file))
	}
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	for _, start := range starts {
		for dir := start; ; dir = filepath.Dir(dir) {
			if isXocRoot(dir) {
				return dir, nil
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	return "", errors.New("cannot find the xoc module root (a go.mod for github.com/xoc-dev/xoc with tools/go.mod beside it) above " + strings.Join(starts, " or "))
}

func isXocRoot(dir string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
			if f[1] != "github.com/xoc-dev/xoc" {
				return false
			}
			_, err := os.Stat(filepath.Join(dir, "tools", "go.mod"))
			return err == nil
		}
	}
	return false
}

// pinnedVersion reads the stripe-mock version from tools/go.mod, so the
// cached binary is keyed by what is actually pinned.
func pinnedVersion(goMod string) (string, error) {
	data, err := os.ReadFile(goMod)
	if err != nil {
		return "", fmt.Errorf("reading the stripe-mock pin: %w", err)
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && f[0] == "require" {
			f = f[1:]
		}
		if len(f) >= 2 && f[0] == ModulePath && strings.HasPrefix(f[1], "v") {
			return f[1], nil
		}
	}
	return "", fmt.Errorf("%s does not require %s", goMod, ModulePath)
}

func cacheDir(version string) (string, error) {
	base, err := os.UserCacheDir()
	if err != nil || base == "" {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "xoc", "stripe-mock-"+version+"-"+runtime.GOOS+"-"+runtime.GOARCH)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating the stripe-mock cache directory: %w", err)
	}
	return dir, nil
}

// listeningPrefix is what stripe-mock prints once its HTTP listener is bound
// (main.go, getPortListener). The HTTPS line starts "Listening for HTTPS",
// so the trailing " at" keeps the two apart.
const listeningPrefix = "Listening for HTTP at address: "

// Run starts the stripe-mock binary at bin on a free loopback port and
// waits until it answers. ctx bounds the start only; the process runs until
// [Server.Close].
func Run(ctx context.Context, bin string) (*Server, error) {
	// The port is chosen by stripe-mock itself (port 0) and read back from
	// its output, so there is no window in which another process could take
	// a port we picked. HTTPS must be given an address too: when only HTTP
	// is configured by address, stripe-mock also opens HTTPS on the fixed
	// port 12112, which parallel servers would fight over.
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	setProcAttr(cmd)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	output := &tailBuffer{max: 8 << 10}
	cmd.Stderr = output
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}

	s := &Server{cmd: cmd, output: output, waitErr: make(chan error, 1)}
	addrs := make(chan string, 1)
	go func() {
		// Keep reading after the address line: stripe-mock logs every
		// request to stdout and would block on a full pipe.
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		found := false
		for sc.Scan() {
			line := sc.Text()
			if !found {
				output.Write([]byte(line + "\n"))
				if addr, ok := strings.CutPrefix(line, listeningPrefix); ok {
					found = true
					addrs <- strings.TrimSpace(addr)
				}
			}
		}
		io.Copy(io.Discard, stdout)
		s.waitErr <- cmd.Wait()
	}()

	fail := func(format string, args ...any) (*Server, error) {
		s.Close()
		msg := fmt.Sprintf(format, args...)
		if out := strings.TrimSpace(output.String()); out != "" {
			msg += "\nstripe-mock output:\n" + out
		}
		return nil, errors.New(msg)
	}

	var addr string
	select {
	case addr = <-addrs:
	case err := <-s.waitErr:
		s.waitErr <- err // for Close
		return fail("stripe-mock exited before listening: %v", err)
	case <-ctx.Done():
		return fail("stripe-mock did not report its address: %v", ctx.Err())
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return fail("stripe-mock reported an unusable address %q: %v", addr, err)
	}
	s.URL = "http://" + addr

	if err := waitReady(ctx, s.URL); err != nil {
		return fail("stripe-mock at %s is not answering: %v", s.URL, err)
	}
	return s, nil
}

// waitReady polls until the server answers an authenticated request. The
// listener is bound before the address is printed, so this normally
// succeeds on the first try.
func waitReady(ctx context.Context, baseURL string) error {
	client := &http.Client{Timeout: 2 * time.Second}
	var lastErr error
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/v1/balance", nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer sk_test_123")
		resp, err := client.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			lastErr = fmt.Errorf("GET /v1/balance answered %s", resp.Status)
		} else {
			lastErr = err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (last attempt: %v)", ctx.Err(), lastErr)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Close stops the server and waits for the process to exit. It is safe to
// call more than once.
func (s *Server) Close() error {
	s.once.Do(func() {
		if s.cmd.Process == nil {
			return
		}
		// stripe-mock keeps no state worth a graceful shutdown.
		if err := s.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
			s.stopErr = err
		}
		select {
		case <-s.waitErr:
			// A killed process reports "signal: killed"; that is the
			// expected way for it to end.
		case <-time.After(10 * time.Second):
			s.stopErr = errors.New("stripe-mock did not exit after being killed")
		}
	})
	return s.stopErr
}

// tailBuffer keeps the last max bytes written to it, for error messages.
type tailBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	if over := b.buf.Len() - b.max; over > 0 {
		b.buf.Next(over)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
