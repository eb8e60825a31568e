# A reference to a local value nobody defined.
bot "payments" {
  name = local.display_nme # ERROR: Reference to undeclared local value
}

locals {
  display_name = "Payments Assistant"
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
