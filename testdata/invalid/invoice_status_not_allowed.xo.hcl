# list_invoices filters by Stripe's invoice statuses only.
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
    status = "unpaid" # ERROR: Invalid template option
  }
}
