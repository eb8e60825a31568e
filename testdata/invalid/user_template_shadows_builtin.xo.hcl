# A user template may not take a catalog template's name unless it says overrides = true.
bot "vip_desk" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

template_source "create_customer" {
  path = "templates/user_template_shadows_builtin.xotemplate.hcl"
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "create_customer" {}
}
