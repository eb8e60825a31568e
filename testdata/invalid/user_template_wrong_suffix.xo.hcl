# A template file's name ends in .xotemplate.hcl: a .xo.hcl file of a bot's directory is one of the bot's own files.
bot "vip_desk" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

template_source "vip_customer" {
  path = "templates/vip_customer.xo.hcl" # ERROR: Invalid value
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "vip_customer" {}
}
