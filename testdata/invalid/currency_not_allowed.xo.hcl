# Yen has no cents, so create_invoice does not offer it.
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
  template "create_invoice" {
    currency = "jpy" # ERROR: Invalid template option
  }
}
