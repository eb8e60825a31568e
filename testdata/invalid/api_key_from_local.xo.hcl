# The export names the key by its variable, so api_key is the variable itself.
bot "payments" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

locals {
  key = var.stripe_api_key
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = local.key # ERROR: Invalid api_key reference
  }
  template "create_customer" {}
}
