# The template_source label is the template's name, as its file gives it.
bot "vip_desk" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

template_source "vip" { # ERROR: Template name does not match its source
  path = "templates/user_template_name_mismatch.xotemplate.hcl"
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "vip" {}
}
