# The check URL receives the end user's key, so it must be on base_url's host.
bot "billing" {}

auth_profile "stripe_end_user" {
  type                    = "basic"
  base_url                = "https://api.stripe.com"
  authorization_check_url = "https://stripe-check.example.com/v1/balance" # ERROR: Authorization check URL on another host
}

action "stripe" {
  authorization {
    mode    = "user_authorized"
    profile = auth_profile.stripe_end_user
  }
  template "list_customers" {}
}
