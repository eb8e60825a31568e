# A key in a comment or in a value that nothing uses is committed all the
# same.
bot "payments" {} # the old key was sk_test_51FakeKeyForTestsOnly0001a2b # ERROR: API key written in the configuration

locals {
  unused = "sk_live_51FakeKeyForTestsOnly0001a2b" # ERROR: API key written in the configuration
  /* rk_test_51FakeKeyForTestsOnly0001a2b */ # ERROR: API key written in the configuration
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
