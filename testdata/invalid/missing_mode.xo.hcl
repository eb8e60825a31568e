# The authorization block must say which mode it uses.
bot "payments" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

action "stripe" {
  authorization { # ERROR: Missing required argument
    api_key = var.stripe_api_key
  }
  template "create_customer" {}
}
