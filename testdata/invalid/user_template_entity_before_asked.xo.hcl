# A script may read an entity only once the dialog has asked for it: entity nodes come in the order of the file.
bot "vip_desk" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

template_source "vip_customer" {
  path = "templates/user_template_entity_before_asked.xotemplate.hcl"
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "vip_customer" {}
}
