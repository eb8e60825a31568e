# A pre-authorized action calls Stripe with its own key: a profile makes no sense.
bot "payments" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

auth_profile "stripe_end_user" {
  type                    = "basic"
  base_url                = "https://api.stripe.com"
  authorization_check_url = "https://api.stripe.com/v1/balance"
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
    profile = auth_profile.stripe_end_user # ERROR: Argument not allowed
  }
  template "create_customer" {}
}
