# A reference to a variable nobody declared (a typo of stripe_api_key).
bot "payments" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_kye # ERROR: Reference to undeclared variable
  }
  template "create_customer" {}
}
