# ENV: XOC_VAR_stripe_api_key=sk_test_51Fake-Key-ForTests!0001a2b
# A key with characters no Stripe key has (a paste gone wrong).
bot "payments" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key # ERROR: Malformed Stripe API key
  }
  template "create_customer" {}
}
