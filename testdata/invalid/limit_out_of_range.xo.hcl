# Stripe lists at most 100 items per page.
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
  template "list_invoices" {
    limit = 500 # ERROR: Invalid template option
  }
  template "list_customers" {
    limit = 2.5 # ERROR: Invalid template option
  }
}
