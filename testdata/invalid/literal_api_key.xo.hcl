# A key written in the file would be committed with it.
bot "payments" {}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = "sk_test_51FakeKeyForTestsOnly0001a2b" # ERROR: API key written in the configuration
  }
  template "create_customer" {}
}
