# The bot's display name is a string, not a number.
bot "payments" {
  name = 42 # ERROR: Incorrect attribute value type
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
