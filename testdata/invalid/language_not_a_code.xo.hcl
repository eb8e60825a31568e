# The platform takes language codes, not language names.
bot "payments" {
  language = "english" # ERROR: Invalid value
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
