# Stripe profiles are Basic Auth profiles.
bot "billing" {}

auth_profile "stripe_end_user" {
  type                    = "oauth" # ERROR: Invalid value
  base_url                = "https://api.stripe.com"
  authorization_check_url = "https://api.stripe.com/v1/balance"
}

action "stripe" {
  authorization {
    mode    = "user_authorized"
    profile = auth_profile.stripe_end_user
  }
  template "list_customers" {}
}
