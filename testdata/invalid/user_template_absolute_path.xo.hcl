# A template_source path is relative: the bot must build the same on every checkout.
bot "vip_desk" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

template_source "vip_customer" {
  path = "/etc/templates/vip_customer.xotemplate.hcl" # ERROR: Invalid value
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "vip_customer" {}
}
