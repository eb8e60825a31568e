package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const vipFixture = "../catalog/testdata/vip_customer.xotemplate"

// userTemplateBot writes a bot whose template_source names path, and the
// files of extra (name → content) beside it.
func userTemplateBot(t *testing.T, path string, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	bot := `bot "vip_desk" {}
variable "stripe_api_key" {
  type      = string
  sensitive = true
}
template_source "vip_customer" {
  path = "` + path + `"
}
action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "vip_customer" {
    dialog_name = "Add a VIP"
    entity "name" {
      prompt = "Who is the VIP?"
    }
  }
}
`
	writeFile(t, filepath.Join(dir, "bot.xo.hcl"), bot)
	for name, content := range extra {
		writeFileIn(t, filepath.Join(dir, name), content)
	}
	return dir
}

// writeFileIn writes a file, making its folder first.
func writeFileIn(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, content)
}

func readFixture(t *testing.T, suffix string) string {
	t.Helper()
	src, err := os.ReadFile(vipFixture + suffix)
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// A template file in either syntax, inside the bot's directory or in a
// folder beside it, is decoded into the bot's templates, and its
// template block takes the template's entity overrides.
func TestUserTemplateLoads(t *testing.T) {
	for _, c := range []struct{ path, file, suffix string }{
		{"templates/vip_customer.xotemplate.hcl", "templates/vip_customer.xotemplate.hcl", ".hcl"},
		{"vip_customer.xotemplate.json", "vip_customer.xotemplate.json", ".json"},
	} {
		dir := userTemplateBot(t, c.path, map[string]string{c.file: readFixture(t, c.suffix)})
		cfg, files, diags := Load(dir, Inputs{})
		if len(diags) > 0 {
			t.Fatalf("%s: %s", c.path, describe(diags))
		}
		tmpl, ok := cfg.Templates.Lookup("vip_customer")
		if !ok || tmpl.Title != "Add a VIP customer" {
			t.Fatalf("%s: the bot's templates lack vip_customer", c.path)
		}
		file := filepath.Join(dir, filepath.FromSlash(c.path))
		if got := cfg.TemplateFiles(); len(got) != 1 || got[0] != file || files[file] == nil {
			t.Errorf("%s: TemplateFiles() = %v, and the parsed files must hold it", c.path, got)
		}
		if cfg.Stripe.Templates[0].Entities["name"] == nil {
			t.Errorf("%s: the entity override was lost", c.path)
		}
	}

	// A shared folder outside the bot's directory.
	root := t.TempDir()
	writeFileIn(t, filepath.Join(root, "shared", "vip_customer.xotemplate.hcl"), readFixture(t, ".hcl"))
	bot := userTemplateBot(t, "../shared/vip_customer.xotemplate.hcl", nil)
	if err := os.Rename(bot, filepath.Join(root, "bot")); err != nil {
		t.Fatal(err)
	}
	if _, _, diags := Load(filepath.Join(root, "bot"), Inputs{}); len(diags) > 0 {
		t.Errorf("a shared template: %s", describe(diags))
	}
}

// An entity override of a user template is held to the template's
// entities, and an option to its options, as a catalog template's are.
func TestUserTemplateOverridesAreChecked(t *testing.T) {
	dir := userTemplateBot(t, "vip.xotemplate.hcl", map[string]string{"vip.xotemplate.hcl": readFixture(t, ".hcl")})
	src, _ := os.ReadFile(filepath.Join(dir, "bot.xo.hcl"))
	broken := strings.Replace(string(src), `entity "name" {`, `entity "nmae" {`, 1)
	broken = strings.Replace(broken, `dialog_name = "Add a VIP"`, `dialog_name = "Add a VIP"
    currency    = "usd"`, 1)
	writeFile(t, filepath.Join(dir, "bot.xo.hcl"), broken)
	_, _, diags := Load(dir, Inputs{})
	got := describe(diags)
	if !strings.Contains(got, `Template "vip_customer" has no entity "nmae". Did you mean "name"?`) ||
		!strings.Contains(got, `An argument named "currency" is not expected here`) {
		t.Errorf("want the unknown entity and option reported:\n%s", got)
	}
}

// A template file is one of the bot's inputs, committed with it: a key
// written in it is an error, as in the bot's own files, and what is read
// is a regular file, not a link.
func TestUserTemplateFileIsReadAsABotFile(t *testing.T) {
	withKey := strings.Replace(readFixture(t, ".hcl"), `"metadata[vip]" = "true"`, `"metadata[vip]" = "true" # sk_test_CANARY4eC39HqLyjWDarjtT1zdp7`, 1)
	dir := userTemplateBot(t, "vip.xotemplate.hcl", map[string]string{"vip.xotemplate.hcl": withKey})
	_, _, diags := Load(dir, Inputs{})
	if len(diags) != 1 || diags[0].Summary != "API key written in the configuration" || !strings.HasSuffix(diags[0].Subject.Filename, "vip.xotemplate.hcl") {
		t.Errorf("want the key in the template file reported there:\n%s", describe(diags))
	}
	assertNoKey(t, diags, "sk_test_CANARY4eC39HqLyjWDarjtT1zdp7")

	dir = userTemplateBot(t, "vip.xotemplate.hcl", map[string]string{"real.xotemplate.hcl": readFixture(t, ".hcl")})
	if err := os.Symlink(filepath.Join(dir, "real.xotemplate.hcl"), filepath.Join(dir, "vip.xotemplate.hcl")); err != nil {
		t.Skip(err)
	}
	_, _, diags = Load(dir, Inputs{})
	if len(diags) != 1 || diags[0].Summary != "Cannot read file" || !strings.Contains(diags[0].Detail, "not a regular file") ||
		diags[0].Subject == nil || !strings.HasSuffix(diags[0].Subject.Filename, "bot.xo.hcl") {
		t.Errorf("want a link refused at the path:\n%s", describe(diags))
	}
}
