# An action without templates would install nothing.
bot "payments" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

action "stripe" { # ERROR: Missing template block
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
}
