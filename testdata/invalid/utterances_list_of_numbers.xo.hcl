# Utterances are sentences; each number in the list is reported where it is.
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
  template "create_customer" {
    utterances = [
      "add a customer",
      1, # ERROR: Incorrect attribute value type
      2, # ERROR: Incorrect attribute value type
    ]
  }
}
