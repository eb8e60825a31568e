# An auth_profile needs the base URL end users' requests go to.
bot "billing" {}

auth_profile "stripe_end_user" { # ERROR: Missing required argument
  type                    = "basic"
  authorization_check_url = "https://api.stripe.com/v1/balance"
}

action "stripe" {
  authorization {
    mode    = "user_authorized"
    profile = auth_profile.stripe_end_user
  }
  template "list_customers" {}
}
