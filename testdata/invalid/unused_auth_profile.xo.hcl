# A pre-authorized bot does not use the profile, so it is left out of the export.
bot "payments" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

auth_profile "stripe_end_user" { # WARNING: Unused auth_profile
  type                    = "basic"
  base_url                = "https://api.stripe.com"
  authorization_check_url = "https://api.stripe.com/v1/balance"
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "create_customer" {}
}
