package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/xoc-dev/xoc/compiler/secret"
)

// A small bot whose display name, description and first template's
// overrides come from variables, so a test can see which value won.
const variablesBot = `
bot "payments" {
  name        = var.brand
  description = join(", ", [for k in sort(keys(var.labels)) : "${k}=${var.labels[k]}"])
}

variable "brand" {
  type    = string
  default = "from-default"
}

variable "labels" {
  type    = map(string)
  default = {}
}

variable "utterances" {
  type    = list(string)
  default = ["add a customer"]
}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "create_customer" {
    utterances = var.utterances
  }
}
`

// writeBot writes a one-file bot into a new temporary directory.
func writeBot(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "bot.xo.hcl"), src)
	return dir
}

// varFile writes and parses a --var-file.
func varFile(t *testing.T, name, src string) *VarFile {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	writeFile(t, path, src)
	vf, diags := ParseVarFile(hclparse.NewParser(), path)
	if diags.HasErrors() {
		t.Fatalf("var file %s: %s", name, diags)
	}
	return vf
}

func errorsOf(diags hcl.Diagnostics) hcl.Diagnostics {
	var out hcl.Diagnostics
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			out = append(out, d)
		}
	}
	return out
}

func TestVariablePrecedence(t *testing.T) {
	dir := writeBot(t, variablesBot)
	fileA := varFile(t, "a.xohcl", `brand = "from-file-a"`)
	fileB := varFile(t, "b.xohcl", `brand = "from-file-b"`)
	fileOther := varFile(t, "other.xohcl", `utterances = ["from", "file"]`)
	env := map[string]string{"brand": "from-env"}
	tests := []struct {
		name string
		in   Inputs
		want string
	}{
		{"default only", Inputs{}, "from-default"},
		{"environment beats default", Inputs{Env: env}, "from-env"},
		{"var file beats environment", Inputs{Env: env, Files: []*VarFile{fileA}}, "from-file-a"},
		{"a var file that does not set it leaves the environment's", Inputs{Env: env, Files: []*VarFile{fileOther}}, "from-env"},
		{"later var file wins", Inputs{Env: env, Files: []*VarFile{fileA, fileB}}, "from-file-b"},
		{"later var file wins, other order", Inputs{Env: env, Files: []*VarFile{fileB, fileA}}, "from-file-a"},
		{"--var beats var files", Inputs{Env: env, Files: []*VarFile{fileA, fileB}, Vars: []VarArg{{"brand", "from-flag"}}}, "from-flag"},
		{"later --var wins", Inputs{Env: env, Vars: []VarArg{{"brand", "first"}, {"brand", "second"}}}, "second"},
		{"--var alone", Inputs{Vars: []VarArg{{"brand", "from-flag"}}}, "from-flag"},
		{"empty --var value is a value", Inputs{Env: env, Vars: []VarArg{{"brand", ""}}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, diags := Load(dir, tt.in)
			errs := errorsOf(diags)
			if tt.want == "" {
				// An empty name is a value, and the schema rejects it:
				// that proves the empty value was taken.
				if len(errs) != 1 || !strings.Contains(errs[0].Detail, `"name" must not be empty`) {
					t.Fatalf("want the empty name rejected, got:\n%s", describe(diags))
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("unexpected errors:\n%s", describe(diags))
			}
			if cfg.Bot.Name != tt.want {
				t.Errorf("bot name = %q, want %q", cfg.Bot.Name, tt.want)
			}
		})
	}
}

func TestParseVarArg(t *testing.T) {
	tests := []struct {
		arg     string
		want    VarArg
		wantErr bool
	}{
		{"brand=Acme", VarArg{"brand", "Acme"}, false},
		{"brand=a=b", VarArg{"brand", "a=b"}, false}, // only the first = splits
		{"brand=", VarArg{"brand", ""}, false},
		{" brand =Acme Pay", VarArg{"brand", "Acme Pay"}, false},
		{`labels={team="billing"}`, VarArg{"labels", `{team="billing"}`}, false},
		{"brand", VarArg{}, true},
		{"=Acme", VarArg{}, true},
		{"", VarArg{}, true},
	}
	for _, tt := range tests {
		got, err := ParseVarArg(tt.arg)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseVarArg(%q): error %v, want error: %v", tt.arg, err, tt.wantErr)
			continue
		}
		if err != nil {
			if !strings.Contains(err.Error(), "name=value") {
				t.Errorf("ParseVarArg(%q): error %q should show the expected form name=value", tt.arg, err)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("ParseVarArg(%q) = %+v, want %+v", tt.arg, got, tt.want)
		}
	}
}

func TestInputsFromEnviron(t *testing.T) {
	got := InputsFromEnviron([]string{
		"HOME=/root",
		"XOC_VAR_brand=Acme",
		"XOC_VAR_labels={a=\"b=c\"}",
		"XOC_VAR_=nameless",
		"xoc_var_lower=ignored",
		"XOC_VAR_empty=",
	})
	want := map[string]string{"brand": "Acme", "labels": `{a="b=c"}`, "empty": ""}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("InputsFromEnviron = %v, want %v", got, want)
	}
}

// Values of list, map and object types given on the command line or in
// the environment are HCL expressions, as in Terraform; primitive values
// are taken literally.
func TestComplexValuesFromOutside(t *testing.T) {
	dir := writeBot(t, variablesBot)
	tests := []struct {
		name            string
		in              Inputs
		wantUtterances  []string
		wantDescription string
		wantBrand       string
		wantError       string // a substring of the one error's detail
	}{
		{
			name:           "list from --var",
			in:             Inputs{Vars: []VarArg{{"utterances", `["new customer", "add a client"]`}}},
			wantUtterances: []string{"new customer", "add a client"},
		},
		{
			name:           "list from the environment",
			in:             Inputs{Env: map[string]string{"utterances": `["from env"]`}},
			wantUtterances: []string{"from env"},
		},
		{
			name:            "map from the environment",
			in:              Inputs{Env: map[string]string{"labels": `{team = "billing", tier = "gold"}`}},
			wantDescription: "team=billing, tier=gold",
		},
		{
			name:            "map from --var with JSON-like syntax",
			in:              Inputs{Vars: []VarArg{{"labels", `{"team": "billing"}`}}},
			wantDescription: "team=billing",
		},
		{
			name:      "a string is taken literally, brackets and all",
			in:        Inputs{Vars: []VarArg{{"brand", `["Acme"]`}}},
			wantBrand: `["Acme"]`,
		},
		{
			name:      "a list that does not parse",
			in:        Inputs{Vars: []VarArg{{"utterances", `["unclosed"`}}},
			wantError: "is not a valid list(string) expression",
		},
		{
			name:      "a value of the wrong type",
			in:        Inputs{Env: map[string]string{"utterances": `{a = "b"}`}},
			wantError: "does not fit its type list(string)",
		},
		{
			name:      "a value that refers to something",
			in:        Inputs{Vars: []VarArg{{"utterances", `[var.brand]`}}},
			wantError: "Variables not allowed",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, diags := Load(dir, tt.in)
			errs := errorsOf(diags)
			if tt.wantError != "" {
				if len(errs) != 1 || !strings.Contains(errs[0].Summary+": "+errs[0].Detail, tt.wantError) {
					t.Fatalf("want one error saying %q, got:\n%s", tt.wantError, describe(diags))
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("unexpected errors:\n%s", describe(diags))
			}
			if tt.wantUtterances != nil && !reflect.DeepEqual(cfg.Stripe.Templates[0].Utterances, tt.wantUtterances) {
				t.Errorf("utterances = %q, want %q", cfg.Stripe.Templates[0].Utterances, tt.wantUtterances)
			}
			if tt.wantDescription != "" && cfg.Bot.Description != tt.wantDescription {
				t.Errorf("description = %q, want %q", cfg.Bot.Description, tt.wantDescription)
			}
			if tt.wantBrand != "" && cfg.Bot.Name != tt.wantBrand {
				t.Errorf("name = %q, want %q", cfg.Bot.Name, tt.wantBrand)
			}
		})
	}
}

func TestUndeclaredVariables(t *testing.T) {
	dir := writeBot(t, variablesBot)

	t.Run("--var is an error of the run", func(t *testing.T) {
		in := Inputs{Vars: []VarArg{{"brnd", "Acme"}, {"brand", "Acme"}, {"zzz", "1"}}}
		cfg, _, diags := Load(dir, in)
		// Load leaves it to the caller, which knows every bot of the run.
		if len(diags) > 0 {
			t.Fatalf("Load should not report --var itself, got:\n%s", describe(diags))
		}
		other := &Config{Variables: map[string]*Variable{"zzz": {Name: "zzz"}}}
		if got, want := UndeclaredVars([]*Config{cfg}, in.Vars), []string{"brnd", "zzz"}; !reflect.DeepEqual(got, want) {
			t.Errorf("UndeclaredVars = %q, want %q", got, want)
		}
		if got, want := UndeclaredVars([]*Config{cfg, other}, in.Vars), []string{"brnd"}; !reflect.DeepEqual(got, want) {
			t.Errorf("with a second bot declaring zzz: UndeclaredVars = %q, want %q", got, want)
		}
	})

	t.Run("var file entry is the run's error too", func(t *testing.T) {
		vf := varFile(t, "values.xohcl", "brand = \"Acme\"\nbrnd  = \"Acme\"\n")
		cfg, _, diags := Load(dir, Inputs{Files: []*VarFile{vf}})
		// A var file may serve many bots, each declaring some of its
		// variables: the build reports brnd once, if no bot declares it.
		if len(diags) > 0 {
			t.Fatalf("Load should not report the entry itself, got:\n%s", describe(diags))
		}
		if cfg.Bot.Name != "Acme" {
			t.Errorf("the declared entry of the file still applies: name = %q", cfg.Bot.Name)
		}
	})

	t.Run("XOC_VAR_ is ignored", func(t *testing.T) {
		env := InputsFromEnviron([]string{"XOC_VAR_unrelated=1", "XOC_VAR_brnd=x", "XOC_VAR_brand=Acme"})
		cfg, _, diags := Load(dir, Inputs{Env: env})
		if len(diags) > 0 {
			t.Fatalf("want no diagnostics, got:\n%s", describe(diags))
		}
		if cfg.Bot.Name != "Acme" {
			t.Errorf("name = %q, want Acme", cfg.Bot.Name)
		}
	})
}

// The export refers to the key as an env variable, so a plain build needs
// no value for it: a pull request from a fork, without secrets, builds.
func TestMissingAPIKeyIsNotAnError(t *testing.T) {
	dir := writeBot(t, variablesBot)
	cfg, _, diags := Load(dir, Inputs{})
	if len(diags) > 0 {
		t.Fatalf("want no diagnostics, got:\n%s", describe(diags))
	}
	key := cfg.Stripe.Authorization.APIKey
	if _, known := key.Value(); known {
		t.Error("the key should have no value")
	}
	if key.Variable != "stripe_api_key" || !key.Set {
		t.Errorf("APIKey = %+v, want it set from variable stripe_api_key", key)
	}
	if key.String() != "(no value)" {
		t.Errorf("APIKey.String() = %q", key.String())
	}
}

func TestMissingNeededValue(t *testing.T) {
	dir := writeBot(t, strings.Replace(variablesBot, `default = "from-default"`, "", 1))
	_, _, diags := Load(dir, Inputs{})
	if len(diags) != 1 || diags[0].Summary != "No value for variable" {
		t.Fatalf("want one No value for variable error, got:\n%s", describe(diags))
	}
	d := diags[0]
	for _, way := range []string{"--var brand=", "--var-file", "XOC_VAR_brand", "default"} {
		if !strings.Contains(d.Detail, way) {
			t.Errorf("the error should name %q as a way to set the value: %s", way, d.Detail)
		}
	}
	if d.Subject == nil || d.Subject.Start.Line != 3 {
		t.Errorf("the error should point at the use on line 3, got %v", d.Subject)
	}
}

// testKey is a made-up key of the right shape; tests look for it, and for
// its secret part, in everything that is printed.
const testKey = "sk_test_51FakeKeyOnlyForTests00000001a2b"

// assertNoKey fails if any diagnostic quotes the key or a long enough part
// of it to be the secret.
func assertNoKey(t *testing.T, diags hcl.Diagnostics, key string) {
	t.Helper()
	secretPart := key[len("sk_test_"):]
	secretPart = secretPart[:len(secretPart)-4] // the tail may show
	quoted := strconv.Quote(secretPart)
	forms := []string{key, secretPart, quoted[1 : len(quoted)-1]}
	for _, d := range diags {
		text := d.Summary + "\n" + d.Detail
		for _, form := range forms {
			if strings.Contains(text, form) {
				t.Errorf("a diagnostic shows the key: %s", d.Error())
				break
			}
		}
	}
}

// TestKeyNeverInDiagnostics loads every invalid fixture with the key set
// in the environment, and a set of bots that misuse the key in every way
// that reaches a message, and asserts that no message quotes it.
func TestKeyNeverInDiagnostics(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "invalid", "*.xo.hcl"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no invalid fixtures: %v", err)
	}
	for _, path := range paths {
		_, env := readExpectations(t, path)
		in := Inputs{Env: InputsFromEnviron(env)}
		key := testKey
		if k, ok := in.Env["stripe_api_key"]; ok {
			key = k // the fixture's own key, which it sets for a reason
		} else {
			in.Env["stripe_api_key"] = key
		}
		_, _, diags := LoadFiles(filepath.Dir(path), []string{path}, in)
		assertNoKey(t, diags, key)
	}

	misuses := map[string]string{
		"in the bot's name":          `bot "b" { name = var.stripe_api_key }`,
		"in a template option":       `bot "b" {}` + "\n" + `action "stripe" { template "list_invoices" { status = var.stripe_api_key } }`,
		"converted to a number":      `bot "b" { name = tostring(tonumber(var.stripe_api_key)) }`,
		"parsed as an integer":       `locals { n = parseint(var.stripe_api_key, 10) }` + "\nbot \"b\" {}",
		"as a date":                  `locals { d = formatdate("YYYY", var.stripe_api_key) }` + "\nbot \"b\" {}",
		"as a map key":               `locals { m = {a = 1}[var.stripe_api_key] }` + "\nbot \"b\" {}",
		"in a failing validation":    "bot \"b\" {}",
		"in a broken validation":     "bot \"b\" {}",
		"in a conditional":           `bot "b" { name = var.stripe_api_key ? "a" : "b" }`,
		"computed into the api_key":  `bot "b" {}` + "\n" + `action "stripe" { authorization { mode = "pre_authorized"` + "\n" + `api_key = upper(var.stripe_api_key) } }`,
		"in an auth_profile":         `bot "b" {}` + "\n" + `auth_profile "p" { type = "basic"` + "\n" + `base_url = var.stripe_api_key` + "\n" + `authorization_check_url = "https://${var.stripe_api_key}/x" }`,
		"of the wrong variable type": "bot \"b\" {}",
	}
	variable := map[string]string{
		"in a failing validation": `variable "stripe_api_key" {
  type      = string
  sensitive = true
  validation {
    condition     = length(var.stripe_api_key) < 5
    error_message = "Too long."
  }
}`,
		"in a broken validation": `variable "stripe_api_key" {
  type      = string
  sensitive = true
  validation {
    condition     = tonumber(var.stripe_api_key) > 0
    error_message = "Not a number."
  }
}`,
		"of the wrong variable type": `variable "stripe_api_key" {
  type      = list(number)
  sensitive = true
}`,
	}
	for name, src := range misuses {
		t.Run(name, func(t *testing.T) {
			decl, ok := variable[name]
			if !ok {
				decl = "variable \"stripe_api_key\" {\n  type      = string\n  sensitive = true\n}"
			}
			dir := writeBot(t, src+"\n"+decl+"\n")
			for _, key := range []string{testKey, "sk_live_" + strings.Repeat("Z", 30) + "9y8x", `sk_test_"quoted"\key` + strings.Repeat("q", 20)} {
				_, _, diags := Load(dir, Inputs{Env: map[string]string{"stripe_api_key": key}})
				if !diags.HasErrors() {
					t.Fatalf("the misuse should be an error:\n%s", src)
				}
				assertNoKey(t, diags, key)
				_, _, diags = Load(dir, Inputs{Vars: []VarArg{{"stripe_api_key", key}}})
				assertNoKey(t, diags, key)
			}
		})
	}
}

// The key as config hands it to later stages prints redacted.
func TestAPIKeyString(t *testing.T) {
	tests := []struct {
		key, want string
	}{
		{testKey, "sk_test_…1a2b"},
		{"rk_live_51FakeKeyOnlyForTests0000009z8y", "rk_live_…9z8y"},
		{"sk_test_short", "sk_test_…"},
		{"pk_test_51FakeKeyOnlyForTests00000001a2b", "pk_test_…1a2b"},
		{"not-a-key-at-all-but-long-enough", "[redacted]"},
		{"sk_test_with-dash-and-more-than-sixteen", "sk_test_…"},
	}
	for _, tt := range tests {
		dir := writeBot(t, variablesBot)
		cfg, _, diags := Load(dir, Inputs{Env: map[string]string{"stripe_api_key": tt.key}})
		assertNoKey(t, diags, tt.key)
		key := cfg.Stripe.Authorization.APIKey
		if v, known := key.Value(); !known || v != tt.key {
			t.Errorf("%s: Value() = %q, %v; want the key itself", tt.want, v, known)
		}
		if got := key.String(); got != tt.want {
			t.Errorf("APIKey.String() = %q, want %q", got, tt.want)
		}
	}
}

func TestVarFileSyntaxes(t *testing.T) {
	dir := writeBot(t, variablesBot)
	hclFile := varFile(t, "values.xovars", "brand = \"From HCL\"\nutterances = [\"one\", \"two\"]\n")
	jsonFile := varFile(t, "values.json", `{"brand": "From JSON", "labels": {"a": "b"}}`)
	cfg, _, diags := Load(dir, Inputs{Files: []*VarFile{hclFile, jsonFile}})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", describe(diags))
	}
	if cfg.Bot.Name != "From JSON" || cfg.Bot.Description != "a=b" || !reflect.DeepEqual(cfg.Stripe.Templates[0].Utterances, []string{"one", "two"}) {
		t.Errorf("got name %q, description %q, utterances %q", cfg.Bot.Name, cfg.Bot.Description, cfg.Stripe.Templates[0].Utterances)
	}

	bad := varFile(t, "bad.xovars", "utterances = \"not a list\"\nbrand = var.other\n")
	_, _, diags = Load(dir, Inputs{Files: []*VarFile{bad}})
	var summaries []string
	for _, d := range diags {
		summaries = append(summaries, d.Summary)
		if d.Subject == nil || d.Subject.Filename != bad.Path {
			t.Errorf("%s: should point into the var file, got %v", d.Summary, d.Subject)
		}
	}
	if want := []string{"Invalid value for variable", "Reference not allowed here"}; !reflect.DeepEqual(summaries, want) {
		t.Errorf("diagnostics = %q, want %q\n%s", summaries, want, describe(diags))
	}

	if _, diags := ParseVarFile(hclparse.NewParser(), filepath.Join(t.TempDir(), "missing.xovars")); !diags.HasErrors() {
		t.Error("a var file that does not exist should be an error")
	}
	broken := filepath.Join(t.TempDir(), "broken.xovars")
	if err := os.WriteFile(broken, []byte("brand = \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if vf, diags := ParseVarFile(hclparse.NewParser(), broken); !diags.HasErrors() || vf != nil {
		t.Error("a var file that does not parse should be an error")
	}
}

// TestRedactedKeyReadsAsBefore pins how a diagnostic that hcl or cty
// wrote names a key: redacted, without the quotes it was written in
// ("cannot convert sk_test_…4dc7 to number").
func TestRedactedKeyReadsAsBefore(t *testing.T) {
	dir := writeBot(t, "bot \"b\" { name = tostring(tonumber(var.stripe_api_key)) }\nvariable \"stripe_api_key\" {\n  type      = string\n  sensitive = true\n}\n")
	_, _, diags := Load(dir, Inputs{Env: map[string]string{"stripe_api_key": testKey}})
	redacted := secret.Redact(testKey)
	found := false
	for _, d := range diags {
		text := d.Summary + " " + d.Detail
		if strings.Contains(text, `"`+redacted+`"`) {
			t.Errorf("the redacted key keeps the quotes of the value: %s", text)
		}
		found = found || strings.Contains(text, redacted)
	}
	if !found {
		t.Errorf("no diagnostic names the key redacted as %s: %s", redacted, diags)
	}
}
