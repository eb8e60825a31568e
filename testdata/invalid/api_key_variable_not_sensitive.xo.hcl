# The key variable must be declared sensitive so that it is never printed.
bot "payments" {}

variable "stripe_api_key" {
  type = string
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key # ERROR: API key from a variable that is not sensitive
  }
  template "create_customer" {}
}
