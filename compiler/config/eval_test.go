package config

import (
	"math/big"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

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

// Option values reach the catalog as the strings a user would write.
func TestOptionString(t *testing.T) {
	for _, c := range []struct {
		val  cty.Value
		want string
	}{
		{cty.NumberIntVal(25), "25"},
		{cty.NumberIntVal(-3), "-3"},
		{cty.NumberIntVal(0), "0"},
		{cty.NumberFloatVal(12.5), "12.5"},
		{cty.MustParseNumberVal("123456789012345678901234567890"), "123456789012345678901234567890"},
		{cty.NumberVal(new(big.Float).Neg(new(big.Float))), "-0"},
		{cty.StringVal("usd"), "usd"},
		{cty.True, "true"},
		{cty.False, "false"},
	} {
		got, ok := optionString(c.val)
		if !ok || got != c.want {
			t.Errorf("optionString(%#v) = %q, %t; want %q", c.val, got, ok, c.want)
		}
	}
	for _, v := range []cty.Value{cty.NilVal, cty.NullVal(cty.String), cty.UnknownVal(cty.Number), cty.ListValEmpty(cty.String)} {
		if got, ok := optionString(v); ok {
			t.Errorf("optionString(%#v) = %q, want none", v, got)
		}
	}
}
