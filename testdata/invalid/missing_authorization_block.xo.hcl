# The action does not say how it calls Stripe.
bot "payments" {}

action "stripe" { # ERROR: Missing authorization block
  template "create_customer" {}
}
