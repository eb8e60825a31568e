# A key is found however deep it sits: in a list, in a map inside a list,
# and in the default of a variable that is not the key's.
bot "payments" {
  description = "Takes payments"
}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

variable "labels" {
  type = list(map(string))
  default = [
    { team = "billing" },
    { team = "rk_live_51FakeKeyForTestsOnly0003c4d" }, # ERROR: API key written in the configuration
  ]
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "create_customer" {
    utterances = [
      "add a customer",
      "add sk_test_51FakeKeyForTestsOnly0002b3c", # ERROR: API key written in the configuration
    ]
  }
}
