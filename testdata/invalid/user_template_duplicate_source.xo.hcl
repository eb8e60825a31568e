# Each template_source is declared once.
bot "vip_desk" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

template_source "vip_customer" {
  path = "templates/user_template_duplicate_source.xotemplate.hcl"
}

template_source "vip_customer" { # ERROR: Duplicate template_source "vip_customer"
  path = "templates/user_template_duplicate_source.xotemplate.hcl"
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "vip_customer" {}
}
