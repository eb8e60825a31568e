# A local value is defined once, across all locals blocks.
bot "payments" {
  name = local.display_name
}

locals {
  display_name = "Payments"
}

locals {
  display_name = "Payments Assistant" # ERROR: Duplicate local value
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
