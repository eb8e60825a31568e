# The platform action is called "stripe".
bot "payments" {}

action "strip" { # ERROR: Unsupported action type
  template "create_customer" {}
}
