# A backslash that starts no escape sequence HCL knows.
bot "payments" {
  name = "Payments\Assistant" # ERROR: Invalid escape sequence
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
