# The bot's name needs a value, and bot_name has none (no default, no XOC_VAR_bot_name).
bot "payments" {
  name = var.bot_name # ERROR: No value for variable
}

variable "bot_name" {
  type = string
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
