# The icon lives in the bot's directory, so the export does not depend on the machine.
bot "payments" {
  icon = "../icon.png" # ERROR: Invalid icon
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
