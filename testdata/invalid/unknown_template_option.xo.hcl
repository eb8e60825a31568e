# create_invoice has a "currency" option; "curency" is a typo.
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
  template "create_invoice" {
    curency = "eur" # ERROR: Unsupported argument
  }
}
