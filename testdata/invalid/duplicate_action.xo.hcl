# At most one action per action type.
bot "payments" {}

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

action "stripe" { # ERROR: Duplicate action "stripe"
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "list_customers" {}
}
