# Basic Auth is the only mechanism the Stripe action has.
bot "payments" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

action "stripe" {
  authorization {
    mode      = "pre_authorized"
    mechanism = "oauth2" # ERROR: Invalid value
    api_key   = var.stripe_api_key
  }
  template "create_customer" {}
}
