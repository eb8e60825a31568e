# A user-authorized action uses each end user's own key: a bot key makes no sense.
bot "billing" {}

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
    mode    = "user_authorized"
    profile = auth_profile.stripe_end_user
    api_key = var.stripe_api_key # ERROR: Argument not allowed
  }
  template "list_customers" {}
}
