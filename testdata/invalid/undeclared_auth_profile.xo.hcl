# The profile reference misspells the auth_profile's name.
bot "billing" {}

auth_profile "stripe_end_user" {
  type                    = "basic"
  base_url                = "https://api.stripe.com"
  authorization_check_url = "https://api.stripe.com/v1/balance"
}

action "stripe" {
  authorization {
    mode    = "user_authorized"
    profile = auth_profile.stripe_enduser # ERROR: Reference to undeclared auth_profile
  }
  template "list_customers" {}
}
