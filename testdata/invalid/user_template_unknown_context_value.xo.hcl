# A {{context.x}} in a user template's text must be set by a node before it.
bot "vip_desk" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

template_source "vip_customer" {
  path = "templates/user_template_unknown_context_value.xotemplate.hcl"
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "vip_customer" {}
}
