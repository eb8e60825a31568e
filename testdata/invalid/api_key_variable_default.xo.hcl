# A variable's default is committed too, so the key variable has none.
bot "payments" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
  default   = "sk_test_51FakeKeyForTestsOnly0001a2b" # ERROR: API key variable has a default
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "create_customer" {}
}
