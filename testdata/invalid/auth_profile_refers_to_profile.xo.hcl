# An auth_profile's attributes may use variables and locals, not other profiles.
bot "billing" {}

auth_profile "stripe_end_user" {
  type                    = "basic"
  base_url                = "https://api.stripe.com"
  authorization_check_url = "https://api.stripe.com/v1/balance"
}

auth_profile "stripe_staff" { # WARNING: Unused auth_profile
  type                    = "basic"
  base_url                = auth_profile.stripe_end_user.base_url # ERROR: Reference not allowed here
  authorization_check_url = "https://api.stripe.com/v1/balance"
}

action "stripe" {
  authorization {
    mode    = "user_authorized"
    profile = auth_profile.stripe_end_user
  }
  template "list_customers" {}
}
