# The icon file does not exist next to the configuration.
bot "payments" {
  icon = "no_such_icon.png" # ERROR: Invalid icon
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
