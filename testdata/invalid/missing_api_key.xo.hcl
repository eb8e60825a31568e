# A pre-authorized action needs the key it calls Stripe with.
bot "payments" {}

action "stripe" {
  authorization { # ERROR: Missing required argument
    mode = "pre_authorized"
  }
  template "create_customer" {}
}
