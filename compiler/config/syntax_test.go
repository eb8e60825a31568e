package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/xoc-dev/xoc/compiler/catalog"
	"github.com/xoc-dev/xoc/compiler/files"
)

// testdata/valid/hcl and testdata/valid/json are the same bot, written in
// HCL's native syntax and in its JSON syntax. Whatever the syntax and
// whatever the order of the files, a bot decodes to the same Config.

const (
	validHCL  = "../../testdata/valid/hcl"
	validJSON = "../../testdata/valid/json"
)

// configCmp compares Configs by meaning: where things were written (ranges,
// the directory and its file names) is left out, cty values and types are
// compared as values, and validation conditions, which are expressions of
// the syntax they were written in, are compared by evaluating them (see
// sameConditions).
var configCmp = []cmp.Option{
	cmpopts.IgnoreTypes(hcl.Range{}, &hcl.Range{}),
	cmpopts.IgnoreFields(Config{}, "Dir", "Files"),
	cmpopts.IgnoreFields(VariableValidation{}, "Condition"),
	cmp.Comparer(func(a, b cty.Value) bool { return a.RawEquals(b) }),
	cmp.Comparer(func(a, b cty.Type) bool { return a.Equals(b) }),
	cmp.AllowUnexported(APIKey{}),
	// The templates a bot can install, by name; a template file's own
	// decoding is the catalog's to test.
	cmp.Comparer(func(a, b *catalog.Set) bool { return slices.Equal(a.Names(), b.Names()) }),
	cmp.Comparer(func(a, b *catalog.UserTemplate) bool {
		return (a == nil) == (b == nil) && (a == nil || a.Name == b.Name && a.Overrides == b.Overrides)
	}),
	cmpopts.IgnoreFields(TemplateSource{}, "File"),
}

func loadValid(t *testing.T, dir string) *Config {
	t.Helper()
	cfg, _, diags := Load(dir, Inputs{})
	if len(diags) > 0 {
		t.Fatalf("%s: want no diagnostics, got:\n%s", dir, describe(diags))
	}
	return cfg
}

func TestNativeAndJSONSyntaxDecodeAlike(t *testing.T) {
	native := loadValid(t, validHCL)
	json := loadValid(t, validJSON)
	if diff := cmp.Diff(native, json, configCmp...); diff != "" {
		t.Errorf("the JSON syntax decodes differently (-hcl +json):\n%s", diff)
	}
	sameConditions(t, native, json)

	// The fixture is meant to exercise every kind of override; make sure
	// it still does, so the comparison above means something.
	if native.Stripe == nil || len(native.Stripe.Templates) < 3 {
		t.Fatal("the valid fixture needs an action with three or more templates")
	}
	var dialogName, utterances, options, entities bool
	for _, tu := range native.Stripe.Templates {
		dialogName = dialogName || tu.DialogName != ""
		utterances = utterances || len(tu.Utterances) > 0
		options = options || len(tu.Options) > 0
		for _, e := range tu.Entities {
			entities = entities || (e.Prompt != "" && e.ErrorPrompt != "")
		}
	}
	if !dialogName || !utterances || !options || !entities {
		t.Errorf("the valid fixture should override dialog_name (%v), utterances (%v), options (%v) and entity prompts (%v)",
			dialogName, utterances, options, entities)
	}
	if len(native.AuthProfiles) == 0 || native.Stripe.Authorization.Profile == "" {
		t.Error("the valid fixture should use an auth_profile")
	}
	validations := 0
	for _, v := range native.Variables {
		validations += len(v.Validations)
	}
	if validations == 0 {
		t.Error("the valid fixture should have variable validations")
	}
	// Values computed through variables and locals arrive evaluated.
	if got, want := native.Bot.Name, "Acme Billing"; got != want {
		t.Errorf("bot name = %q, want %q", got, want)
	}
	if got, want := native.AuthProfiles[0].AuthorizationCheckURL, "https://api.stripe.com/v1/balance"; got != want {
		t.Errorf("authorization_check_url = %q, want %q", got, want)
	}
}

// sameConditions checks that the validation conditions of a and b agree on
// the variables' defaults and on a value that fails them.
func sameConditions(t *testing.T, a, b *Config) {
	t.Helper()
	probes := map[string][]cty.Value{
		"brand":            {cty.StringVal("Acme"), cty.StringVal("")},
		"stripe_host":      {cty.StringVal("https://api.stripe.com"), cty.StringVal("http://api.stripe.com")},
		"invoice_currency": {cty.StringVal("eur"), cty.StringVal("jpy")},
	}
	for name, values := range probes {
		va, vb := a.Variables[name], b.Variables[name]
		if va == nil || vb == nil || len(va.Validations) != len(vb.Validations) || len(va.Validations) == 0 {
			t.Errorf("variable %q: validations missing or differing in number", name)
			continue
		}
		for i := range va.Validations {
			for _, val := range values {
				ctx := &hcl.EvalContext{
					Variables: map[string]cty.Value{rootVar: cty.ObjectVal(map[string]cty.Value{name: val})},
					Functions: functions,
				}
				ra, da := va.Validations[i].Condition.Value(ctx)
				rb, db := vb.Validations[i].Condition.Value(ctx)
				if da.HasErrors() || db.HasErrors() {
					t.Errorf("variable %q: condition %d does not evaluate: %s %s", name, i, da, db)
					continue
				}
				if !ra.RawEquals(rb) {
					t.Errorf("variable %q = %#v: condition %d is %#v in HCL, %#v in JSON", name, val, i, ra, rb)
				}
			}
		}
	}
}

// TestFileOrderDoesNotMatter copies each valid bot into directories where
// its files sort in the opposite order and checks that it decodes alike.
func TestFileOrderDoesNotMatter(t *testing.T) {
	for _, dir := range []string{validHCL, validJSON} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want := loadValid(t, dir)
			files, err := files.BotFiles(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(files) < 2 {
				t.Fatalf("%s: want a bot of several files, got %d", dir, len(files))
			}
			reversed := t.TempDir()
			for i, f := range files {
				// The first file gets the name that sorts last.
				name := string(rune('z'-i)) + "_" + filepath.Base(f)
				copyFile(t, f, filepath.Join(reversed, name))
			}
			got := loadValid(t, reversed)
			if diff := cmp.Diff(want, got, configCmp...); diff != "" {
				t.Errorf("decoding depends on file order (-sorted +reversed):\n%s", diff)
			}
			if got.Dir != reversed {
				t.Errorf("Dir = %q, want %q", got.Dir, reversed)
			}
			if len(got.Files) != len(files) {
				t.Errorf("Files = %v, want %d files", got.Files, len(files))
			}
		})
	}
}

// TestMixedSyntaxes loads a bot written partly in each syntax.
func TestMixedSyntaxes(t *testing.T) {
	want := loadValid(t, validHCL)
	dir := t.TempDir()
	copyFile(t, filepath.Join(validHCL, "bot.xo.hcl"), filepath.Join(dir, "bot.xo.hcl"))
	copyFile(t, filepath.Join(validHCL, "variables.xo.hcl"), filepath.Join(dir, "variables.xo.hcl"))
	copyFile(t, filepath.Join(validJSON, "stripe.xo.json"), filepath.Join(dir, "stripe.xo.json"))
	// Hidden files and editor backups are not configuration.
	writeFile(t, filepath.Join(dir, ".#stripe.xo.hcl"), "this is not HCL {")
	writeFile(t, filepath.Join(dir, "stripe.xo.hcl~"), "this is not HCL {")
	writeFile(t, filepath.Join(dir, ".hidden.xo.hcl"), "this is not HCL {")
	got := loadValid(t, dir)
	if diff := cmp.Diff(want, got, configCmp...); diff != "" {
		t.Errorf("a bot in mixed syntaxes decodes differently (-hcl +mixed):\n%s", diff)
	}
	if len(got.Files) != 3 {
		t.Errorf("Files = %v, want the three configuration files only", got.Files)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, string(data))
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Mistakes particular to the JSON syntax, and the places its diagnostics
// point at (the invalid fixtures are all native syntax).
func TestJSONSyntaxDiagnostics(t *testing.T) {
	const src = `{
  "bot": {"payments": {}},
  "variable": {"stripe_api_key": {"type": "string", "sensitive": true}},
  "action": {
    "stripe": {
      "authorization": {
        "mode": "pre_authorized",
        "api_key": "var.stripe_api_key"
      },
      "template": {
        "create_invoice": {
          "currency": "jpy",
          "utterances": []
        }
      }
    }
  }
}
`
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "bot.xo.json"), src)
	_, _, diags := Load(dir, Inputs{})
	var got []expectation
	for _, d := range diags {
		line := 0
		if d.Subject != nil {
			line = d.Subject.Start.Line
		}
		got = append(got, expectation{"bot.xo.json", line, "ERROR", d.Summary})
	}
	want := []expectation{
		{"bot.xo.json", 8, "ERROR", "Invalid api_key reference"},
		{"bot.xo.json", 12, "ERROR", "Invalid template option"},
		{"bot.xo.json", 13, "ERROR", "Invalid value"},
	}
	if !equalExpectations(got, want) {
		t.Errorf("diagnostics differ\n got: %v\nwant: %v\n%s", got, want, describe(diags))
	}
	if len(diags) > 0 && !strings.Contains(diags[0].Detail, `"${var.stripe_api_key}"`) {
		t.Errorf("the api_key error should show the JSON way to write the reference: %s", diags[0].Detail)
	}
}
