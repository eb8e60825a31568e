package config

import "testing"

// An attribute sees every value declared before it is evaluated, whatever
// the order of the files' blocks: locals that refer to later locals, and
// the auth profiles, which are decoded after the locals. The evaluation
// context is built once and reused, so a value added after it was built
// must not be missed.
func TestEvaluationSeesEveryValue(t *testing.T) {
	dir := writeBot(t, `
bot "support" {
  name        = local.title
  description = "${local.title} signs in through ${auth_profile.end_user.name} at ${auth_profile.end_user.base_url}"
}

locals {
  title = "${local.brand} Billing"
  brand = upper(var.brand)
  host  = "https://api.stripe.com"
}

variable "brand" {
  type    = string
  default = "acme"
}

auth_profile "end_user" {
  type                    = "basic"
  description             = "Signs in to ${local.title}"
  base_url                = local.host
  authorization_check_url = "${local.host}/v1/balance"
}

action "stripe" {
  authorization {
    mode    = "user_authorized"
    profile = auth_profile.end_user
  }
  template "create_customer" {
    dialog_name = "${auth_profile.end_user.description}: new customer"
  }
}
`)
	cfg, _, diags := Load(dir, Inputs{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	checks := []struct{ what, got, want string }{
		{"bot name", cfg.Bot.Name, "ACME Billing"},
		{"bot description", cfg.Bot.Description, "ACME Billing signs in through end_user at https://api.stripe.com"},
		{"profile description", cfg.AuthProfiles[0].Description, "Signs in to ACME Billing"},
		{"dialog name", cfg.Stripe.Templates[0].DialogName, "Signs in to ACME Billing: new customer"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
}
