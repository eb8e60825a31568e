package config

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// Loading must never panic, whatever the bytes, and whatever it says must
// be well-formed: located diagnostics point into the file, and no message
// quotes the key given in the environment.
//
//	go test ./compiler/config/ -run XXX -fuzz FuzzLoadHCL -fuzztime 60s -fuzzminimizetime 3s
//	go test ./compiler/config/ -run XXX -fuzz FuzzLoadJSON -fuzztime 60s -fuzzminimizetime 3s
//
// (A short -fuzzminimizetime keeps the fuzzer fuzzing: by default it spends
// up to a minute shrinking each new interesting input.)

// fuzzKey is the key every fuzzed bot gets from its environment.
const fuzzKey = "sk_test_51FuzzKeyNeverQuotedAnywhere0000zz"

func FuzzLoadHCL(f *testing.F) {
	addSeeds(f, SuffixHCL)
	f.Fuzz(func(t *testing.T, src []byte) {
		fuzzLoad(t, src, SuffixHCL)
	})
}

func FuzzLoadJSON(f *testing.F) {
	addSeeds(f, SuffixJSON)
	// HCL's JSON syntax has fewer example files; add shapes that reach
	// each block type, labels and expressions.
	for _, s := range []string{
		`{"bot": {"b": {"name": "${var.x}"}}, "variable": {"x": {"type": "string", "default": "y"}}}`,
		`{"variable": {"k": {"type": "list(string)", "sensitive": true, "validation": [{"condition": "${length(var.k) > 0}", "error_message": "e"}]}}}`,
		`{"locals": {"a": "${local.b}", "b": "${local.a}"}, "bot": {"b": {}}}`,
		`{"action": {"stripe": {"authorization": {"mode": "pre_authorized", "api_key": "${var.k}"}, "template": {"list_invoices": {"limit": 5, "entity": {"x": {"prompt": ""}}}}}}}`,
		`{"auth_profile": {"p": {"type": "basic", "base_url": "https://{tenant}.x", "authorization_check_url": "https://a.x/b", "tenancy": true}}}`,
		`{"bot": [{"a": {}}, {"b": {}}], "//": "comment"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fuzzLoad(t, src, SuffixJSON)
	})
}

// addSeeds adds the example bots' files and the test fixtures of the given
// syntax.
func addSeeds(f *testing.F, suffix string) {
	var paths []string
	for _, pattern := range []string{
		"../../examples/*/*" + suffix,
		"../../testdata/valid/*/*" + suffix,
		"../../testdata/invalid/*" + suffix,
	} {
		more, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		paths = append(paths, more...)
	}
	if len(paths) == 0 {
		f.Fatalf("no seed files for %s", suffix)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func fuzzLoad(t *testing.T, src []byte, suffix string) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bot"+suffix)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	in := Inputs{
		Env:  map[string]string{"k": fuzzKey, "stripe_api_key": fuzzKey, "x": `["a"]`},
		Vars: []VarArg{{"brand", "Acme"}},
	}
	cfg, files, diags := Load(dir, in)
	if cfg == nil {
		t.Fatal("Load returned no Config")
	}
	secretPart := strings.TrimPrefix(fuzzKey, "sk_test_")
	quotesKey := bytes.Contains(src, []byte(secretPart[:8]))
	lines := bytes.Count(src, []byte("\n")) + 1
	for _, d := range diags {
		if d.Severity != hcl.DiagError && d.Severity != hcl.DiagWarning {
			t.Errorf("diagnostic of unknown severity: %v", d)
		}
		if d.Summary == "" {
			t.Errorf("diagnostic without a summary: %v", d)
		}
		if d.Summary == "Internal error" {
			t.Errorf("internal error: %s", d.Detail)
		}
		if !quotesKey && strings.Contains(d.Summary+d.Detail, secretPart[:len(secretPart)-4]) {
			t.Errorf("a diagnostic quotes the key: %s", d.Error())
		}
		if s := d.Subject; s != nil && s.Filename == path {
			// The end is not checked against the file's size: hcl's JSON
			// scanner ends the range of a string cut off by the end of the
			// file one byte past it (testdata/fuzz/FuzzLoadJSON).
			if s.Start.Line < 1 || s.Start.Line > lines || s.Start.Byte > len(src) || s.End.Byte < s.Start.Byte {
				t.Errorf("diagnostic range %v lies outside the %d-line, %d-byte file: %s", s, lines, len(src), d.Error())
			}
		}
	}
	// Diagnostics are printable with their source, as the CLI prints them.
	var buf bytes.Buffer
	if err := hcl.NewDiagnosticTextWriter(&buf, files, 80, false).WriteDiagnostics(diags); err != nil {
		t.Errorf("writing diagnostics: %v", err)
	}
}
