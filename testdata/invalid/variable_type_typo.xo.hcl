# "strng" is no type.
bot "payments" {}

variable "stripe_api_key" {
  type      = strng # ERROR: Invalid type specification
  sensitive = true
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "create_customer" {}
}
