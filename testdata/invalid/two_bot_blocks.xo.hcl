# A directory is one bot.
bot "payments" {}

bot "billing" {} # ERROR: More than one bot block

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
