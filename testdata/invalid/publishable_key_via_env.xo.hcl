# ENV: XOC_VAR_stripe_api_key=pk_test_51FakeKeyForTestsOnly0001a2b
# A publishable key only works in browsers; the action needs a secret key.
bot "payments" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key # ERROR: Publishable key cannot call Stripe
  }
  template "create_customer" {}
}
