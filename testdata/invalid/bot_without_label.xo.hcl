# The bot block's label is its machine name.
bot { # ERROR: Missing name for bot
  name = "Payments"
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
