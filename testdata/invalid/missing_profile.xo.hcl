# A user-authorized action needs the auth_profile end users sign in with.
bot "billing" {}

action "stripe" {
  authorization { # ERROR: Missing required argument
    mode = "user_authorized"
  }
  template "list_customers" {}
}
