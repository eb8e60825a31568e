package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/catalog"
)

// These tests run the command line in-process, as a user or CI would call
// it, and check exit codes, which stream gets what, and the output formats.

const examples = "../../examples"

// xoc runs the command line with the given environment and returns its
// exit code, stdout and stderr.
func xoc(t *testing.T, environ []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errOut, append([]string{"NO_COLOR=1"}, environ...))
	return code, out.String(), errOut.String()
}

// botDir writes files (name → content) into a new temporary directory.
func botDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// fixtureDir copies one file of testdata/invalid into a bot directory of
// its own.
func fixtureDir(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "invalid", name))
	if err != nil {
		t.Fatal(err)
	}
	return botDir(t, map[string]string{"bot.xo.hcl": string(data)})
}

const preAuthorizedBot = `bot "payments" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "create_customer" {}
}
`

func TestValidateExamples(t *testing.T) {
	code, stdout, stderr := xoc(t, nil, "validate", examples+"/...")
	if code != 0 {
		t.Fatalf("exit %d, want 0\nstderr:\n%s", code, stderr)
	}
	for _, bot := range []string{"payments_assistant", "billing_self_service"} {
		if !strings.Contains(stdout, `bot "`+bot+`" is valid`) {
			t.Errorf("stdout should say %s is valid:\n%s", bot, stdout)
		}
	}
	if stderr != "" {
		t.Errorf("nothing should go to stderr, got:\n%s", stderr)
	}
}

func TestValidateReportsErrorsAsText(t *testing.T) {
	dir := fixtureDir(t, "mode_typo.xo.hcl")
	code, stdout, stderr := xoc(t, nil, "validate", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstderr:\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("an invalid bot prints nothing on stdout, got:\n%s", stdout)
	}
	for _, want := range []string{
		"Error: Invalid value",
		"on " + filepath.Join(dir, "bot.xo.hcl") + " line 11",
		`mode    = "pre_authorised"`, // the source line
		`Did you mean "pre_authorized"?`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr should contain %q:\n%s", want, stderr)
		}
	}
}

// jsonDocument is the documented --format json output.
type jsonDocument struct {
	FormatVersion string `json:"format_version"`
	Valid         *bool  `json:"valid"`
	ErrorCount    *int   `json:"error_count"`
	WarningCount  *int   `json:"warning_count"`
	Diagnostics   []struct {
		Severity string `json:"severity"`
		Summary  string `json:"summary"`
		Detail   string `json:"detail"`
		Range    *struct {
			Filename string `json:"filename"`
			Start    struct{ Line, Column, Byte int }
			End      struct{ Line, Column, Byte int }
		} `json:"range"`
	} `json:"diagnostics"`
}

func decodeJSONDocument(t *testing.T, stdout string) jsonDocument {
	t.Helper()
	var doc jsonDocument
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("stdout is not the JSON document: %v\n%s", err, stdout)
	}
	if dec.More() {
		t.Fatalf("stdout holds more than one JSON document:\n%s", stdout)
	}
	if doc.FormatVersion != "1.0" || doc.Valid == nil || doc.ErrorCount == nil || doc.WarningCount == nil || doc.Diagnostics == nil {
		t.Fatalf("the document lacks a field:\n%s", stdout)
	}
	return doc
}

func TestValidateJSONFormat(t *testing.T) {
	dir := fixtureDir(t, "mode_typo.xo.hcl")
	code, stdout, stderr := xoc(t, nil, "validate", "--format", "json", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstderr:\n%s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("--format json writes its results to stdout only, stderr got:\n%s", stderr)
	}
	doc := decodeJSONDocument(t, stdout)
	if *doc.Valid || *doc.ErrorCount != 1 || *doc.WarningCount != 0 || len(doc.Diagnostics) != 1 {
		t.Fatalf("want one error, got:\n%s", stdout)
	}
	d := doc.Diagnostics[0]
	if d.Severity != "error" || d.Summary != "Invalid value" || !strings.Contains(d.Detail, "pre_authorised") {
		t.Errorf("diagnostic = %+v", d)
	}
	if d.Range == nil {
		t.Fatal("the diagnostic has no range")
	}
	// mode    = "pre_authorised" on line 11; the value starts in column 15.
	if d.Range.Filename != filepath.Join(dir, "bot.xo.hcl") || d.Range.Start.Line != 11 || d.Range.Start.Column != 15 ||
		d.Range.End.Line != 11 || d.Range.End.Column != 31 || d.Range.End.Byte-d.Range.Start.Byte != len(`"pre_authorised"`) {
		t.Errorf("range = %+v", *d.Range)
	}

	// A valid bot with a warning: valid, exit 0, the warning counted.
	dir = fixtureDir(t, "unused_auth_profile.xo.hcl")
	code, stdout, stderr = xoc(t, nil, "validate", "--format=json", dir)
	if code != 0 {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	doc = decodeJSONDocument(t, stdout)
	if !*doc.Valid || *doc.ErrorCount != 0 || *doc.WarningCount != 1 || doc.Diagnostics[0].Severity != "warning" {
		t.Errorf("want valid with one warning, got:\n%s", stdout)
	}

	// No diagnostics at all: an empty list, not null.
	code, stdout, _ = xoc(t, nil, "validate", "--format", "json", examples+"/stripe-pre-authorized")
	if code != 0 || !strings.Contains(stdout, `"diagnostics": []`) {
		t.Errorf("exit %d; want an empty diagnostics list:\n%s", code, stdout)
	}
	if doc := decodeJSONDocument(t, stdout); !*doc.Valid {
		t.Errorf("the example should be valid:\n%s", stdout)
	}
}

func TestValidateGitHubFormat(t *testing.T) {
	dir := fixtureDir(t, "mode_typo.xo.hcl")
	code, stdout, stderr := xoc(t, nil, "validate", "--format", "github", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstderr:\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one workflow command, got:\n%s", stdout)
	}
	re := regexp.MustCompile(`^::error file=([^,]+),line=11,col=15(,[^:]*)?::Invalid value: .*pre_authorised`)
	m := re.FindStringSubmatch(lines[0])
	if m == nil {
		t.Fatalf("not an ::error command for line 11, column 15:\n%s", lines[0])
	}
	if !strings.HasSuffix(m[1], "bot.xo.hcl") {
		t.Errorf("file = %q", m[1])
	}

	dir = fixtureDir(t, "unused_auth_profile.xo.hcl")
	code, stdout, _ = xoc(t, nil, "validate", "--format", "github", dir)
	if code != 0 || !strings.HasPrefix(stdout, "::warning file=") || !strings.Contains(stdout, ",line=9,col=1") {
		t.Errorf("exit %d; want a ::warning on line 9:\n%s", code, stdout)
	}
}

// Every error of a run is reported, sorted by file and position.
func TestValidateReportsEveryError(t *testing.T) {
	dir := botDir(t, map[string]string{
		"a.xo.hcl": "bot \"b\" {\n  language = \"english\"\n}\n",
		"b.xo.hcl": "variable \"x\" {\n  type = number\n  default = \"ten\"\n}\n",
	})
	code, stdout, _ := xoc(t, nil, "validate", "--format", "json", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	doc := decodeJSONDocument(t, stdout)
	if *doc.ErrorCount != 2 || len(doc.Diagnostics) != 2 {
		t.Fatalf("want both errors:\n%s", stdout)
	}
	if !strings.HasSuffix(doc.Diagnostics[0].Range.Filename, "a.xo.hcl") || !strings.HasSuffix(doc.Diagnostics[1].Range.Filename, "b.xo.hcl") {
		t.Errorf("diagnostics are not sorted by file:\n%s", stdout)
	}
}

func TestCommandLineErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // on stderr
	}{
		{"unknown flag", []string{"validate", "--no-such-flag", examples + "/stripe-pre-authorized"}, "no-such-flag"},
		{"bad format", []string{"validate", "--format", "xml", examples + "/stripe-pre-authorized"}, `--format must be text, json or github, not "xml"`},
		{"unknown command", []string{"valdate"}, "valdate"},
		{"malformed --var", []string{"validate", "--var", "novalue", examples + "/stripe-pre-authorized"}, "name=value"},
		{"pattern matching nothing", []string{"validate", t.TempDir() + "/..."}, "matched no bot directories"},
		{"too many template names", []string{"templates", "a", "b"}, "accepts at most 1 arg"},
		{"version takes no arguments", []string{"version", "extra"}, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := xoc(t, nil, tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr should mention %q:\n%s", tt.want, stderr)
			}
			if stdout != "" {
				t.Errorf("nothing should go to stdout, got:\n%s", stdout)
			}
		})
	}
}

func TestVariablesFromTheCommandLine(t *testing.T) {
	fixture := fixtureDir(t, "variable_without_value.xo.hcl")

	t.Run("undeclared --var is an error", func(t *testing.T) {
		code, _, stderr := xoc(t, nil, "validate", "--var", "brnd=Acme", examples+"/stripe-pre-authorized")
		if code != 1 || !strings.Contains(stderr, "Value for undeclared variable") || !strings.Contains(stderr, "--var brnd") {
			t.Errorf("exit %d, want 1 naming --var brnd:\n%s", code, stderr)
		}
	})
	t.Run("a variable with no value", func(t *testing.T) {
		code, _, stderr := xoc(t, nil, "validate", fixture)
		if code != 1 || !strings.Contains(stderr, "No value for variable") || !strings.Contains(stderr, "XOC_VAR_bot_name") {
			t.Errorf("exit %d, want 1 with a way to set bot_name:\n%s", code, stderr)
		}
	})
	t.Run("value from --var", func(t *testing.T) {
		code, _, stderr := xoc(t, nil, "validate", "--var", "bot_name=Payments", fixture)
		if code != 0 {
			t.Errorf("exit %d, want 0:\n%s", code, stderr)
		}
	})
	t.Run("value from the environment", func(t *testing.T) {
		code, _, stderr := xoc(t, []string{"XOC_VAR_bot_name=Payments", "XOC_VAR_unrelated=1"}, "validate", fixture)
		if code != 0 {
			t.Errorf("exit %d, want 0:\n%s", code, stderr)
		}
	})
	t.Run("value from a var file", func(t *testing.T) {
		varFile := filepath.Join(t.TempDir(), "values.hcl")
		if err := os.WriteFile(varFile, []byte("bot_name = \"Payments\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := xoc(t, nil, "validate", "--var-file", varFile, fixture)
		if code != 0 {
			t.Errorf("exit %d, want 0:\n%s", code, stderr)
		}
	})
	t.Run("an undeclared var file entry is an error", func(t *testing.T) {
		// A misspelt name would drop its value silently: a key meant for
		// stripe_api_key, say, and the build would go on without it.
		varFile := filepath.Join(t.TempDir(), "values.hcl")
		if err := os.WriteFile(varFile, []byte("bot_name = \"Payments\"\nbot_nmae = \"typo\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := xoc(t, nil, "validate", "--var-file", varFile, fixture)
		if code != 1 {
			t.Errorf("exit %d, want 1:\n%s", code, stderr)
		}
		// The value of a name no bot declares may be a misspelt secret:
		// it is masked.
		for _, want := range []string{"Error: Value for undeclared variable", "values.hcl line 2", `bot_nmae = "****"`, `Did you mean "bot_name"?`} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr should contain %q:\n%s", want, stderr)
			}
		}
	})
	t.Run("a var file that does not exist", func(t *testing.T) {
		// A command-line mistake (exit 2), as any other.
		code, _, stderr := xoc(t, nil, "validate", "--var-file", filepath.Join(t.TempDir(), "nope.hcl"), fixture)
		if code != 2 || !strings.Contains(stderr, "nope.hcl") {
			t.Errorf("exit %d, want 2 naming the file:\n%s", code, stderr)
		}
	})
}

// The key given in the environment appears in no output format, even
// where a message is about the key.
func TestKeyNeverPrinted(t *testing.T) {
	const key = "sk_test_51FakeKeyForCLITestsOnly000001a2b"
	const secretPart = "51FakeKeyForCLITestsOnly"
	bots := map[string]string{
		"valid":             preAuthorizedBot,
		"key in bot name":   strings.Replace(preAuthorizedBot, `bot "payments" {}`, `bot "payments" { name = var.stripe_api_key }`, 1),
		"key as a number":   strings.Replace(preAuthorizedBot, `bot "payments" {}`, `bot "payments" { name = tostring(tonumber(var.stripe_api_key) + 1) }`, 1),
		"key not sensitive": strings.Replace(preAuthorizedBot, "sensitive = true", "sensitive = false", 1),
	}
	for name, src := range bots {
		dir := botDir(t, map[string]string{"bot.xo.hcl": src})
		for _, format := range []string{"text", "json", "github"} {
			for _, environ := range [][]string{{"XOC_VAR_stripe_api_key=" + key}, nil} {
				args := []string{"validate", "--format", format, dir}
				if environ == nil {
					args = append(args, "--var", "stripe_api_key="+key)
				}
				code, stdout, stderr := xoc(t, environ, args...)
				if strings.Contains(stdout+stderr, secretPart) {
					t.Errorf("%s, --format %s: the key is printed:\n%s%s", name, format, stdout, stderr)
				}
				if name == "valid" && code != 0 {
					t.Errorf("%s: exit %d:\n%s", name, code, stderr)
				}
				if name != "valid" && code != 1 {
					t.Errorf("%s: exit %d, want 1", name, code)
				}
			}
		}
	}

	// A key of the wrong kind is named, redacted.
	dir := botDir(t, map[string]string{"bot.xo.hcl": preAuthorizedBot})
	code, _, stderr := xoc(t, []string{"XOC_VAR_stripe_api_key=pk_test_51FakeKeyForCLITestsOnly000001a2b"}, "validate", dir)
	if code != 1 || !strings.Contains(stderr, "pk_test_…1a2b") || strings.Contains(stderr, secretPart) {
		t.Errorf("exit %d; want the publishable key named as pk_test_…1a2b and no more:\n%s", code, stderr)
	}
}

func TestVersion(t *testing.T) {
	code, stdout, stderr := xoc(t, nil, "version")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if !regexp.MustCompile(`^xoc \S+ ` + runtime.GOOS + `/` + runtime.GOARCH + "\n$").MatchString(stdout) {
		t.Errorf("version output = %q", stdout)
	}
}

func TestTemplates(t *testing.T) {
	code, stdout, stderr := xoc(t, nil, "templates")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 1+len(catalog.Names()) || !strings.HasPrefix(lines[0], "TEMPLATE") {
		t.Fatalf("want a header and a line per template:\n%s", stdout)
	}
	for _, name := range catalog.Names() {
		if !strings.Contains(stdout, name+" ") {
			t.Errorf("the list lacks %s:\n%s", name, stdout)
		}
	}

	code, stdout, _ = xoc(t, nil, "templates", "create_invoice")
	for _, want := range []string{"dueDate", "currency", "POST /v1/invoices"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("exit %d; templates create_invoice should show %q:\n%s", code, want, stdout)
		}
	}

	code, stdout, stderr = xoc(t, nil, "templates", "create_custmer")
	if code != 2 || stdout != "" || !strings.Contains(stderr, `did you mean "create_customer"?`) {
		t.Errorf("exit %d, want 2 with a suggestion:\n%s", code, stderr)
	}
	code, _, stderr = xoc(t, nil, "templates", "nope")
	if code != 2 || !strings.Contains(stderr, `no template "nope"`) || !strings.Contains(stderr, "xoc templates") {
		t.Errorf("exit %d, want 2 pointing at the list:\n%s", code, stderr)
	}
}

// With no directory argument, validate reads the current directory.
func TestValidateDefaultsToCurrentDirectory(t *testing.T) {
	dir := botDir(t, map[string]string{"bot.xo.hcl": preAuthorizedBot})
	t.Chdir(dir)
	code, stdout, stderr := xoc(t, nil, "validate")
	if code != 0 || !strings.Contains(stdout, `bot "payments" is valid`) {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}

	t.Chdir(t.TempDir())
	code, _, stderr = xoc(t, nil, "validate")
	if code != 1 || !strings.Contains(stderr, "No configuration files") {
		t.Errorf("an empty directory: exit %d, want 1 saying there are no configuration files:\n%s", code, stderr)
	}
}

// A diagnostic found while building, after a bot loaded without any,
// shows its source and the block it is in like one found while loading:
// the bot's files are parsed again to print it.
func TestBuildDiagnosticShowsItsBlock(t *testing.T) {
	code, _, stderr := xoc(t, []string{"XOC_CACHE=off"}, "build", "--embed-secrets", "--out", t.TempDir(), examples+"/stripe-pre-authorized")
	if code != exitConfig {
		t.Fatalf("exit %d, want %d\n%s", code, exitConfig, stderr)
	}
	for _, want := range []string{"Error: No value for variable", `stripe.xo.hcl line 4, in action "stripe":`, "api_key = var.stripe_api_key"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}
