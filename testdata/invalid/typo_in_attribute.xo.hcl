# A misspelt attribute of the bot block: "descripton".
bot "payments" {
  name       = "Payments"
  descripton = "Takes payments" # ERROR: Unsupported argument
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
