package config

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// The files of testdata/invalid are broken configurations, one mistake
// (or a few) each. Every line that must draw a diagnostic says so in a
// comment on the line itself:
//
//	language = "english" # ERROR: Invalid value
//
// and the test asserts that the diagnostics are exactly those: the same
// summaries on the same lines, nothing missing and nothing extra.
// "# WARNING: summary" works the same for warnings. A file may set
// environment values for its variables in a header line:
//
//	# ENV: XOC_VAR_stripe_api_key=pk_test_123
//
// A bot that names a user template file (testdata/invalid/templates/)
// expects the diagnostics marked in that file as well: the markers of
// every file the load read count, each on its own file's lines.
var (
	expectRE = regexp.MustCompile(`#\s*(ERROR|WARNING):\s*(.+?)\s*$`)
	envRE    = regexp.MustCompile(`^#\s*ENV:\s*(\S+?)=(.*)$`)
)

type expectation struct {
	file     string // the file's base name
	line     int
	severity string
	summary  string
}

func TestInvalidConfigurations(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "invalid", "*.xo.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no files in testdata/invalid")
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			want, env := readExpectations(t, path)
			_, files, diags := LoadFiles(filepath.Dir(path), []string{path}, Inputs{Env: InputsFromEnviron(env)})
			for name := range files {
				if name != path {
					more, _ := readExpectations(t, name)
					want = append(want, more...)
				}
			}
			if len(want) == 0 {
				t.Fatalf("%s marks no expected diagnostic", path)
			}
			var got []expectation
			for _, d := range diags {
				file, line := "", 0
				if d.Subject != nil {
					file, line = filepath.Base(d.Subject.Filename), d.Subject.Start.Line
				}
				sev := "ERROR"
				if d.Severity == hcl.DiagWarning {
					sev = "WARNING"
				}
				got = append(got, expectation{file, line, sev, d.Summary})
			}
			sortExpectations(want)
			sortExpectations(got)
			if !equalExpectations(got, want) {
				t.Errorf("diagnostics differ\n got: %v\nwant: %v\n%s", got, want, describe(diags))
			}
		})
	}
}

func readExpectations(t *testing.T, path string) ([]expectation, []string) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var want []expectation
	var env []string
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if m := envRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil {
			env = append(env, m[1]+"="+m[2])
			continue
		}
		if m := expectRE.FindStringSubmatch(text); m != nil {
			want = append(want, expectation{filepath.Base(path), line, m[1], m[2]})
		}
	}
	return want, env
}

func sortExpectations(e []expectation) {
	sort.Slice(e, func(i, j int) bool {
		if e[i].file != e[j].file {
			return e[i].file < e[j].file
		}
		if e[i].line != e[j].line {
			return e[i].line < e[j].line
		}
		return e[i].summary < e[j].summary
	})
}

func equalExpectations(a, b []expectation) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func describe(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString("  " + d.Error() + "\n")
	}
	return b.String()
}
