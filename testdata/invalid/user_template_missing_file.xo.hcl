# A template_source must name a file that exists, relative to the bot's directory.
bot "vip_desk" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

template_source "vip_customer" {
  path = "templates/no_such_template.xotemplate.hcl" # ERROR: Cannot read file
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "vip_customer" {}
}
