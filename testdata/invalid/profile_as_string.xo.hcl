# profile is a reference to an auth_profile block, not its name in quotes.
bot "billing" {}

auth_profile "stripe_end_user" {
  type                    = "basic"
  base_url                = "https://api.stripe.com"
  authorization_check_url = "https://api.stripe.com/v1/balance"
}

action "stripe" {
  authorization {
    mode    = "user_authorized"
    profile = "stripe_end_user" # ERROR: Invalid profile reference
  }
  template "list_customers" {}
}
