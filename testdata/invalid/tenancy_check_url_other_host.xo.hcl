# With tenancy on, the check URL still belongs under the tenant's host.
bot "billing" {}

auth_profile "stripe_end_user" {
  type                    = "basic"
  base_url                = "https://{tenant}.stripe-proxy.example.com"
  authorization_check_url = "https://evil.example.net/v1/balance" # ERROR: Authorization check URL on another host
  tenancy                 = true
}

action "stripe" {
  authorization {
    mode    = "user_authorized"
    profile = auth_profile.stripe_end_user
  }
  template "list_customers" {}
}
