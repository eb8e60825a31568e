# The same utterance twice.
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
    utterances = ["add a customer", "new customer", "add a customer"] # ERROR: Invalid value
  }
}
