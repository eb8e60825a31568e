# A key pasted anywhere in a file is committed with it.
bot "payments" {
  description = "Test with sk_test_51FakeKeyForTestsOnly0001a2b" # ERROR: API key written in the configuration
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
