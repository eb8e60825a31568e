# An attribute without its equals sign.
bot "payments" {
  name "Payments" # ERROR: Invalid block definition
}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "create_customer" {}
}
