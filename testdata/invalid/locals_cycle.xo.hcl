# Two local values defined in terms of each other.
bot "payments" {
  name = local.greeting
}

locals {
  greeting = "Hello from ${local.brand}"
  brand    = "${local.greeting} Payments" # ERROR: Cycle in local values
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
