# End users' keys must not travel in the clear: https only, except on localhost.
bot "billing" {}

auth_profile "stripe_end_user" {
  type                    = "basic"
  base_url                = "http://api.stripe.com" # ERROR: Invalid value
  authorization_check_url = "https://api.stripe.com/v1/balance"
}

action "stripe" {
  authorization {
    mode    = "user_authorized"
    profile = auth_profile.stripe_end_user
  }
  template "list_customers" {}
}
