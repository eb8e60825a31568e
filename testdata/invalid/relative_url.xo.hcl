# URLs are absolute.
bot "billing" {}

auth_profile "stripe_end_user" {
  type                    = "basic"
  base_url                = "https://api.stripe.com"
  authorization_check_url = "/v1/balance" # ERROR: Invalid value
}

action "stripe" {
  authorization {
    mode    = "user_authorized"
    profile = auth_profile.stripe_end_user
  }
  template "list_customers" {}
}
