# Each template is installed once.
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
  template "list_customers" {}
  template "create_customer" { # ERROR: Duplicate template "create_customer"
    dialog_name = "Add a customer"
  }
}
