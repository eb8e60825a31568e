package lower

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/config"
	"github.com/xoc-dev/xoc/compiler/ir"
)

const key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"

func load(t *testing.T, src string, env map[string]string) *config.Config {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bot.xo.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, _, diags := config.Load(dir, config.Inputs{Env: env})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return cfg
}

const preAuthorized = `
bot "pre" { name = "Pre" }
variable "stripe_key" {
  type      = string
  sensitive = true
}
action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_key
  }
  template "create_customer" { dialog_name = "New customer" }
  template "list_invoices" { limit = 3 }
}
`

func envVar(b *ir.Bot, k string) (ir.EnvVar, bool) {
	for _, e := range b.EnvVars {
		if e.Key == k {
			return e, true
		}
	}
	return ir.EnvVar{}, false
}

func TestPreAuthorized(t *testing.T) {
	cfg := load(t, preAuthorized, map[string]string{"stripe_key": key})
	b, diags := Lower(cfg, Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	k, ok := envVar(b, "stripe_key")
	if !ok || !k.Secured || k.Value != "" {
		t.Errorf("key env variable = %+v, want secured and empty", k)
	}
	if base, _ := envVar(b, BaseURLEnvVar); base.Value != DefaultBaseURL || base.Secured {
		t.Errorf("base URL env variable = %+v", base)
	}
	if len(b.AuthProfiles) != 0 {
		t.Errorf("a pre-authorized bot has auth profiles: %v", b.AuthProfiles)
	}
	if len(b.Dialogs) != 2 || b.Dialogs[0].Name != "New customer" || b.Dialogs[1].Key != "list_invoices" {
		t.Fatalf("dialogs: %+v", b.Dialogs)
	}
	for _, d := range b.Dialogs {
		for _, n := range d.Nodes {
			if n.Service == nil {
				continue
			}
			if !strings.HasPrefix(n.Service.URL, "{{env."+BaseURLEnvVar+"}}") || n.Service.AuthProfile != "" {
				t.Errorf("%s: URL %q, profile %q", n.Name, n.Service.URL, n.Service.AuthProfile)
			}
			if !strings.Contains(n.Service.URL, "limit=3") && d.Key == "list_invoices" {
				t.Errorf("the limit option did not reach the call: %s", n.Service.URL)
			}
		}
	}

	b, diags = Lower(cfg, Options{EmbedSecrets: true})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if k, _ := envVar(b, "stripe_key"); k.Value != key {
		t.Error("--embed-secrets did not fill in the key")
	}
}

func TestUserAuthorized(t *testing.T) {
	cfg := load(t, `
bot "user" {}
auth_profile "end_user" {
  type                    = "basic"
  description             = "Sign in with your key"
  base_url                = "https://stripe-proxy.example.com"
  authorization_check_url = "https://stripe-proxy.example.com/v1/balance"
}
action "stripe" {
  authorization {
    mode    = "user_authorized"
    profile = auth_profile.end_user
  }
  template "list_customers" {}
}
`, nil)
	b, diags := Lower(cfg, Options{EmbedSecrets: true})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(b.AuthProfiles) != 1 || b.AuthProfiles[0].Name != "end_user" || b.AuthProfiles[0].Description != "Sign in with your key" {
		t.Errorf("profiles: %+v", b.AuthProfiles)
	}
	if base, _ := envVar(b, BaseURLEnvVar); base.Value != "https://stripe-proxy.example.com" {
		t.Errorf("the base URL is not the profile's: %+v", base)
	}
	for _, e := range b.EnvVars {
		if e.Secured {
			t.Errorf("a user-authorized bot has a secured env variable %q", e.Key)
		}
	}
	for _, n := range b.Dialogs[0].Nodes {
		if n.Service != nil && n.Service.AuthProfile != "end_user" {
			t.Errorf("%s does not go through the profile", n.Name)
		}
	}
}

func TestKeyVariableMayNotTakeTheBaseURLName(t *testing.T) {
	cfg := load(t, strings.ReplaceAll(preAuthorized, "stripe_key", BaseURLEnvVar), nil)
	if _, diags := Lower(cfg, Options{}); !diags.HasErrors() || !strings.Contains(diags.Error(), "Reserved variable name") {
		t.Errorf("want a reserved-name error, got %v", diags)
	}
}

func TestIcon(t *testing.T) {
	dir := t.TempDir()
	icon, err := os.ReadFile(filepath.Join("..", "kore", "icon.png"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "logo.png"), icon, 0o644)
	os.WriteFile(filepath.Join(dir, "bot.xo.hcl"), []byte(`bot "iconic" { icon = "logo.png" }`), 0o644)
	cfg, _, diags := config.Load(dir, config.Inputs{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	b, diags := Lower(cfg, Options{})
	if diags.HasErrors() || string(b.Icon) != string(icon) {
		t.Errorf("the bot's icon was not taken: %v", diags)
	}
	// The icon is the bytes the checks read: a file changed or removed
	// between validation and lowering changes nothing, where reading it
	// again would export bytes no check saw.
	os.WriteFile(filepath.Join(dir, "logo.png"), []byte("not a PNG"), 0o644)
	if b, diags := Lower(cfg, Options{}); diags.HasErrors() || string(b.Icon) != string(icon) {
		t.Errorf("a file changed after the checks changed the icon: %v", diags)
	}
	os.Remove(filepath.Join(dir, "logo.png"))
	if b, diags := Lower(cfg, Options{}); diags.HasErrors() || string(b.Icon) != string(icon) {
		t.Errorf("a file removed after the checks changed the icon: %v", diags)
	}
}
