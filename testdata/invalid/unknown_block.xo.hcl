# A top-level block the language does not have.
bot "payments" {}

resource "stripe_customer" "default" { # ERROR: Unsupported block type
  name = "Default customer"
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
