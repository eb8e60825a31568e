# With tenancy URLs on, base_url says where the tenant goes.
bot "billing" {}

auth_profile "stripe_end_user" {
  type                    = "basic"
  base_url                = "https://api.stripe.com" # ERROR: Invalid value
  authorization_check_url = "https://api.stripe.com/v1/balance"
  tenancy                 = true
}

action "stripe" {
  authorization {
    mode    = "user_authorized"
    profile = auth_profile.stripe_end_user
  }
  template "list_customers" {}
}
