# A variable is declared once.
bot "payments" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

variable "stripe_api_key" { # ERROR: Duplicate variable "stripe_api_key"
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
