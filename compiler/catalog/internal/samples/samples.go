// Package samples derives sample Stripe responses from stripe-mock's
// embedded OpenAPI spec and fixtures, the way stripe-mock answers a request.
//
// It serves the catalog's `go generate` step, which writes samples.json, and
// the catalog's test that holds that file to a fresh derivation. It lives
// apart from the catalog so that neither needs an exported entry point in
// the catalog itself; for the same reason it knows nothing of templates and
// takes the calls as plain method and path pairs.
package samples

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Endpoint is one Stripe call: an upper-case method and a path of Stripe's
// spec, e.g. "POST" "/v1/customers".
type Endpoint struct {
	Method, Path string
}

// Key is the endpoint's key in samples.json, e.g. "POST /v1/customers".
func (e Endpoint) Key() string { return e.Method + " " + e.Path }

// File is the layout of samples.json: the stripe-mock version the bodies come
// from, and a body per endpoint key.
type File struct {
	StripeMock string         `json:"stripe_mock"`
	Responses  map[string]any `json:"responses"`
}

// Module locates stripe-mock's module source in the module cache, at the
// version tools/go.mod pins. dir is "" when that version has not been
// downloaded; toolsDir is where `go mod download` fetches it.
func Module() (dir, version, toolsDir string, err error) {
	out, err := exec.Command("go", "env", "GOMOD", "GOMODCACHE").Output()
	if err != nil {
		return "", "", "", fmt.Errorf("cannot run `go env`: %w", err)
	}
	env := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(env) != 2 || env[0] == "" || env[0] == os.DevNull {
		return "", "", "", errors.New("not inside the xoc module")
	}
	toolsDir = filepath.Join(filepath.Dir(env[0]), "tools")
	mod, err := os.ReadFile(filepath.Join(toolsDir, "go.mod"))
	if err != nil {
		return "", "", "", err
	}
	m := regexp.MustCompile(`github\.com/stripe/stripe-mock (v\S+)`).FindSubmatch(mod)
	if m == nil {
		return "", "", "", errors.New("tools/go.mod does not require github.com/stripe/stripe-mock")
	}
	version = string(m[1])
	dir = filepath.Join(env[1], "github.com", "stripe", "stripe-mock@"+version)
	if _, err := os.Stat(filepath.Join(dir, "embedded", "openapi", "spec3.json")); err != nil {
		dir = ""
	}
	return dir, version, toolsDir, nil
}

// Fetch is Module for a generator: when the pinned stripe-mock is not in
// the module cache it downloads it with `go mod download`, reporting that on
// log, and it fails unless the module is there afterwards.
func Fetch(log io.Writer) (dir, version string, err error) {
	dir, version, toolsDir, err := Module()
	if err != nil || dir != "" {
		return dir, version, err
	}
	fmt.Fprintf(log, "downloading stripe-mock %s\n", version)
	cmd := exec.Command("go", "mod", "download", "github.com/stripe/stripe-mock")
	cmd.Dir, cmd.Stdout, cmd.Stderr = toolsDir, log, log
	if err := cmd.Run(); err != nil {
		return "", version, fmt.Errorf("cannot download stripe-mock %s (run `go mod download github.com/stripe/stripe-mock` in %s): %w", version, toolsDir, err)
	}
	if dir, _, _, err = Module(); err != nil {
		return "", version, err
	}
	if dir == "" {
		return "", version, fmt.Errorf("stripe-mock %s is still not in the module cache", version)
	}
	return dir, version, nil
}

// ReadSpec reads the OpenAPI spec stripe-mock embeds, from its module source.
func ReadSpec(dir string) ([]byte, error) {
	return os.ReadFile(filepath.Join(dir, "embedded", "openapi", "spec3.json"))
}

// ReadModule reads the spec and fixtures stripe-mock embeds, from its module
// source.
func ReadModule(dir string) (spec, fixtures []byte, err error) {
	spec, err = ReadSpec(dir)
	if err != nil {
		return nil, nil, err
	}
	fixtures, err = os.ReadFile(filepath.Join(dir, "embedded", "openapi", "fixtures3.json"))
	return spec, fixtures, err
}

// Derive builds samples.json: for each endpoint, the body stripe-mock sends
// with a 200 answer, with secrets removed (see Redact). The result is the
// same bytes for the same inputs: keys sorted, two-space indent, a final
// newline.
func Derive(spec, fixtures []byte, version string, endpoints []Endpoint) ([]byte, error) {
	g, err := newGenerator(spec, fixtures)
	if err != nil {
		return nil, err
	}
	file := File{StripeMock: version, Responses: map[string]any{}}
	for _, e := range endpoints {
		if _, done := file.Responses[e.Key()]; done {
			continue
		}
		body, err := g.respond(e)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Key(), err)
		}
		Redact(body)
		if err := CheckSecrets(body); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Key(), err)
		}
		file.Responses[e.Key()] = body
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the bodies are read by people, in the export too
	enc.SetIndent("", "  ")
	if err := enc.Encode(file); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Redact sets every client_secret, at any depth, to null. A client secret
// belongs to one account's object, and Stripe's spec declares the field
// nullable, so null is still a well-formed answer.
func Redact(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, sub := range v {
			if k == "client_secret" {
				v[k] = nil
				continue
			}
			Redact(sub)
		}
	case []any:
		for _, sub := range v {
			Redact(sub)
		}
	}
}

// CheckSecrets fails on a string that looks like a credential: an API key
// (sk_, rk_ or pk_ and more) or anything holding "_secret_". stripe-mock's
// fixtures hold only placeholders today; this makes sure a new fixture with
// a real-looking key never lands in a bot export unnoticed.
func CheckSecrets(v any) error {
	return checkSecrets(v, "")
}

func checkSecrets(v any, at string) error {
	switch v := v.(type) {
	case string:
		for _, prefix := range []string{"sk_", "rk_", "pk_"} {
			if len(v) > len(prefix) && strings.HasPrefix(v, prefix) {
				return fmt.Errorf("%s looks like an API key (%s…)", where(at), prefix)
			}
		}
		if strings.Contains(v, "_secret_") {
			return fmt.Errorf("%s looks like a secret (it holds _secret_)", where(at))
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys) // report the same value first every run
		for _, k := range keys {
			if err := checkSecrets(v[k], at+"."+k); err != nil {
				return err
			}
		}
	case []any:
		for i, sub := range v {
			if err := checkSecrets(sub, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

func where(at string) string {
	if at == "" {
		return "the body"
	}
	return "the value at " + strings.TrimPrefix(at, ".")
}
