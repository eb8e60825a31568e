# References start with var., local. or auth_profile.; "vars" is none of them.
bot "payments" {
  name = vars.bot_name # ERROR: Unknown reference
}

variable "bot_name" {
  type    = string
  default = "Payments"
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
