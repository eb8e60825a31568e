# British spelling of the mode.
bot "payments" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

action "stripe" {
  authorization {
    mode    = "pre_authorised" # ERROR: Invalid value
    api_key = var.stripe_api_key
  }
  template "create_customer" {}
}
