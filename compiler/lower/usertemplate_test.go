package lower

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/config"
)

// A bot's user template that overrides a catalog template is the one its
// dialog is built from; a bot without it still gets the catalog's.
func TestUserTemplateOverridesTheCatalogForItsBot(t *testing.T) {
	vip, err := os.ReadFile("../catalog/testdata/vip_customer.xotemplate.hcl")
	if err != nil {
		t.Fatal(err)
	}
	override := strings.Replace(string(vip), `template "vip_customer" {`, "template \"create_customer\" {\n  overrides = true", 1)
	const action = `
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
	load := func(files map[string]string) *config.Config {
		t.Helper()
		dir := t.TempDir()
		for name, content := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cfg, _, diags := config.Load(dir, config.Inputs{})
		if len(diags) > 0 {
			t.Fatal(diags.Error())
		}
		return cfg
	}
	nodes := func(cfg *config.Config) string {
		t.Helper()
		b, diags := Lower(cfg, Options{})
		if diags.HasErrors() || len(b.Dialogs) != 1 {
			t.Fatalf("lower: %v, %d dialogs", diags, len(b.Dialogs))
		}
		var names []string
		for _, n := range b.Dialogs[0].Nodes {
			names = append(names, n.Name)
		}
		return b.Dialogs[0].Name + ": " + strings.Join(names, " ")
	}
	own := load(map[string]string{
		"bot.xo.hcl": `bot "vip_desk" {}
template_source "create_customer" {
  path = "create_customer.xotemplate.hcl"
}` + action,
		"create_customer.xotemplate.hcl": override,
	})
	if got := nodes(own); !strings.HasPrefix(got, "Add a VIP customer: addVipCustomer name addVipCustomerScript addVipCustomerService") {
		t.Errorf("the bot's own create_customer: %s", got)
	}
	other := load(map[string]string{"bot.xo.hcl": `bot "desk" {}` + action})
	if got := nodes(other); !strings.HasPrefix(got, "Create a Customer: createCustomer name email phone") {
		t.Errorf("another bot's create_customer: %s", got)
	}
}
