package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// These tests plant a canary key where a user might put a key by mistake
// and search everything the command line puts out for it: stdout and
// stderr in every --format, and every file a build writes.

const (
	canaryKey    = "sk_test_CANARY4eC39HqLyjWDarjtT1zdp7"
	canarySecret = "CANARY4eC39HqLyjWDarjtT1z" // the part no redaction shows
)

var formats = []string{"text", "json", "github"}

// assertNoCanary fails if text holds the canary's secret part in any case,
// forwards or backwards: a value derived from the key by upper() or
// strrev() is the key still.
func assertNoCanary(t *testing.T, what, text string) {
	t.Helper()
	lower := strings.ToLower(text)
	for _, form := range []string{canarySecret, reverse(canarySecret)} {
		if strings.Contains(lower, strings.ToLower(form)) {
			t.Errorf("%s holds the canary key:\n%s", what, text)
			return
		}
	}
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// assertNoCanaryInFiles searches every file under dir.
func assertNoCanaryInFiles(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		assertNoCanary(t, path, string(data))
		return nil
	})
}

// runEverywhere runs validate and build in every format with args, checks
// the exit code, and searches the output and the written files for the
// canary. It returns the text format's stderr of validate, to check what
// the diagnostics show.
func runEverywhere(t *testing.T, environ []string, wantCode int, args ...string) string {
	t.Helper()
	environ = append([]string{"XOC_CACHE=off"}, environ...)
	var text string
	for _, format := range formats {
		for _, command := range []string{"validate", "build"} {
			full := []string{command, "--format", format}
			out := t.TempDir()
			if command == "build" {
				full = append(full, "--out", out)
			}
			code, stdout, stderr := xoc(t, environ, append(full, args...)...)
			if code != wantCode {
				t.Errorf("%s --format %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", command, format, code, wantCode, stdout, stderr)
			}
			assertNoCanary(t, command+" --format "+format+": stdout", stdout)
			assertNoCanary(t, command+" --format "+format+": stderr", stderr)
			assertNoCanaryInFiles(t, out)
			if command == "validate" && format == "text" {
				text = stderr
			}
		}
	}
	return text
}

// A --var-file that fails, in each way it can, shows its source line with
// the key masked, and fails the run.
func TestVarFileDiagnosticsHideTheKey(t *testing.T) {
	bot := strings.Replace(preAuthorizedBot, `bot "payments" {}`, `bot "payments" {}

variable "retries" {
  type    = number
  default = 1
}

variable "webhook_secret" {
  type      = string
  sensitive = true
  default   = ""
}`, 1)
	dir := botDir(t, map[string]string{"bot.xo.hcl": bot})
	masked := "sk_test_" + strings.Repeat("*", len(canaryKey)-len("sk_test_")-4) + "zdp7"
	tests := []struct {
		name, file, src string
		// wantShown is what the source line under the diagnostic reads.
		wantShown string
	}{
		{"undeclared variable", "values.hcl", `stripe_api_kye = "` + canaryKey + `"`, `stripe_api_kye = "****`},
		{"undeclared variable, JSON", "values.json", `{"stripe_api_kye": "` + canaryKey + `"}`, `{"stripe_api_kye": "****`},
		{"wrong type", "values.hcl", `retries = "` + canaryKey + `"`, `retries = "` + masked + `"`},
		{"wrong type of a sensitive variable", "values.hcl", `stripe_api_key = ["` + canaryKey + `"]`, `stripe_api_key = ["****`},
		{"syntax error", "values.hcl", `stripe_api_key = "` + canaryKey, `stripe_api_key = ****`},
		{"syntax error, bare key", "values.hcl", `stripe_api_key = ` + canaryKey + ` +`, `stripe_api_key = ****`},
		{"syntax error, JSON", "values.json", `{"stripe_api_key": "` + canaryKey + `",}`, `{"stripe_api_key": ****`},
		// A secret that is no Stripe key is masked for its variable.
		{"wrong type of a sensitive variable, no key", "values.hcl", `webhook_secret = ["whsec_CANARY4eC39HqLyjWDarjtT1z"]`, `webhook_secret = ["****`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			varFile := filepath.Join(t.TempDir(), tt.file)
			if err := os.WriteFile(varFile, []byte(tt.src+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			text := runEverywhere(t, nil, exitConfig, "--var-file", varFile, dir)
			if !strings.Contains(text, tt.file+" line 1") || !strings.Contains(text, tt.wantShown) {
				t.Errorf("the diagnostic should show line 1 of %s as %q:\n%s", tt.file, tt.wantShown, text)
			}
		})
	}
}

// A key written in a bot's file is an error whose source line shows the
// key masked.
func TestKeyWrittenInAFileIsMaskedUnderItsError(t *testing.T) {
	masked := "sk_test_" + strings.Repeat("*", len(canaryKey)-len("sk_test_")-4) + "zdp7"
	tests := []struct {
		name, bot, wantSummary, wantShown string
	}{
		{
			"default of the key variable",
			strings.Replace(preAuthorizedBot, "sensitive = true", "sensitive = true\n  default   = \""+canaryKey+"\"", 1),
			"API key variable has a default", `default   = "****`,
		},
		{
			"in a description",
			strings.Replace(preAuthorizedBot, `bot "payments" {}`, `bot "payments" { description = "key `+canaryKey+`" }`, 1),
			"API key written in the configuration", `description = "key ` + masked + `"`,
		},
		{
			"as the api_key",
			strings.Replace(preAuthorizedBot, "api_key = var.stripe_api_key", `api_key = "`+canaryKey+`"`, 1),
			"API key written in the configuration", `api_key = "` + masked + `"`,
		},
		{
			"in a local",
			strings.Replace(preAuthorizedBot, `bot "payments" {}`, "bot \"payments\" {}\nlocals {\n  k = \""+canaryKey+"\"\n}", 1),
			"API key written in the configuration", `k = "` + masked + `"`,
		},
		{
			"in a comment",
			strings.Replace(preAuthorizedBot, `bot "payments" {}`, "bot \"payments\" {} # was "+canaryKey, 1),
			"API key written in the configuration", `# was ` + masked,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := botDir(t, map[string]string{"bot.xo.hcl": tt.bot})
			text := runEverywhere(t, nil, exitConfig, dir)
			if !strings.Contains(text, tt.wantSummary) || !strings.Contains(text, tt.wantShown) {
				t.Errorf("want %q with the line shown as %q:\n%s", tt.wantSummary, tt.wantShown, text)
			}
		})
	}
}

// A key given to a variable that is not sensitive, as CI sets
// XOC_VAR_<name>, is a key whatever is done to it: every use that would
// carry it into the export is an error, and no message shows it, even
// transformed.
func TestKeyLaunderedThroughAVariable(t *testing.T) {
	withNote := func(body string) string {
		return strings.Replace(preAuthorizedBot, `bot "payments" {}`, body+`

variable "note" {
  type = string
}

variable "tags" {
  type    = map(string)
  default = {}
}`, 1)
	}
	fromEnv := []string{"XOC_VAR_note=" + canaryKey}
	tagsFile := filepath.Join(t.TempDir(), "tags.hcl")
	if err := os.WriteFile(tagsFile, []byte(`tags = { team = "payments", key = "`+canaryKey+`" }`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		bot     string
		environ []string
		args    []string
		// wantCode is 0 where the key is not used.
		wantCode int
	}{
		{"strrev into a description", withNote(`bot "payments" { description = strrev(var.note) }`), fromEnv, nil, exitConfig},
		{"upper into the name, from --var", withNote(`bot "payments" { name = upper(var.note) }`), nil, []string{"--var", "note=" + canaryKey}, exitConfig},
		{"through a local into a dialog name", strings.Replace(withNote(`bot "payments" {}
locals {
  title = "Pay ${substr(var.note, 8, 12)}"
}`), `template "create_customer" {}`, `template "create_customer" { dialog_name = local.title }`, 1), fromEnv, nil, exitConfig},
		{"from a var file, into a prompt", strings.Replace(withNote(`bot "payments" {}`), `template "create_customer" {}`,
			`template "create_customer" {
    entity "name" {
      prompt = jsonencode(var.tags)
    }
  }`, 1), nil, []string{"--var-file", tagsFile}, exitConfig},
		{"a conditional on it", withNote(`bot "payments" { description = length(var.note) > 10 ? "long" : "short" }`), fromEnv, nil, exitConfig},
		{"quoted by a function's error, transformed", withNote(`bot "payments" { name = tostring(tonumber(upper(var.note))) }`), fromEnv, nil, exitConfig},
		{"quoted by a validation's error, transformed", strings.Replace(withNote(`bot "payments" {}`), "variable \"note\" {\n  type = string\n", `variable "note" {
  type = string
  validation {
    condition     = tonumber(strrev(var.note)) > 0
    error_message = "A number."
  }
`, 1), fromEnv, nil, exitConfig},
		// The mark is on the key, not on the whole map.
		{"another element of the map", withNote(`bot "payments" { description = var.tags.team }`), nil, []string{"--var-file", tagsFile}, 0},
		{"unused", withNote(`bot "payments" {}`), fromEnv, nil, 0},
		// A sensitive variable's value stays sensitive through any function.
		{"part of the sensitive key", strings.Replace(preAuthorizedBot, `bot "payments" {}`, `bot "payments" { description = strrev(substr(var.stripe_api_key, 8, 20)) }`, 1), []string{"XOC_VAR_stripe_api_key=" + canaryKey}, nil, exitConfig},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := botDir(t, map[string]string{"bot.xo.hcl": tt.bot})
			text := runEverywhere(t, tt.environ, tt.wantCode, append(tt.args, dir)...)
			want := "Error: Stripe key in a variable that is not sensitive"
			switch {
			case strings.Contains(tt.name, "error"):
				want = "cannot convert [redacted] to number"
			case strings.Contains(tt.name, "sensitive key"):
				want = "Error: Sensitive value not allowed here"
			}
			if tt.wantCode != 0 && !strings.Contains(text, want) {
				t.Errorf("want %q:\n%s", want, text)
			}
		})
	}
}

// A text that names the key's env variable in a template would have the
// bot tell the key to whoever talks to it: the platform fills templates in
// before it shows a text, as xoc run does. It is an error in the user's
// words, and nothing is written or run.
func TestKeyTemplateInTextIsAnError(t *testing.T) {
	place := func(old, new string) string { return strings.Replace(preAuthorizedBot, old, new, 1) }
	tests := []struct{ name, bot string }{
		{"a prompt", place(`template "create_customer" {}`, `template "create_customer" {
    entity "name" {
      prompt = "The key is {{env.stripe_api_key}}"
    }
  }`)},
		{"an error prompt", place(`template "create_customer" {}`, `template "create_customer" {
    entity "email" {
      error_prompt = "{{ env['stripe_api_key'] }}"
    }
  }`)},
		{"a dialog name", place(`template "create_customer" {}`, `template "create_customer" { dialog_name = "Key {{env.stripe_api_key}}" }`)},
		{"an utterance", place(`template "create_customer" {}`, `template "create_customer" { utterances = ["add {{env.stripe_api_key}}"] }`)},
		{"the bot's description", place(`bot "payments" {}`, `bot "payments" { description = "{{env.stripe_api_key}}" }`)},
	}
	environ := []string{"XOC_VAR_stripe_api_key=" + canaryKey}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := botDir(t, map[string]string{"bot.xo.hcl": tt.bot})
			text := runEverywhere(t, environ, exitConfig, dir)
			if !strings.Contains(text, "Error: Stripe key in a text") {
				t.Errorf("want the error in the user's words:\n%s", text)
			}
			// xoc run replays the platform, templates and all: it must
			// not get as far as asking with the key filled in.
			code, stdout, stderr := xoc(t, append([]string{"XOC_CACHE=off"}, environ...), "run", "-v", dir, "--stripe-api-url", "http://127.0.0.1:1")
			if code != exitConfig || strings.Contains(stdout+stderr, "sk_test_…") {
				t.Errorf("run: exit %d, want %d, without the key filled in:\n%s%s", code, exitConfig, stdout, stderr)
			}
			assertNoCanary(t, "run", stdout+stderr)
		})
	}
}
