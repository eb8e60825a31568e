# The label is a machine name: no spaces (the display name goes in name).
bot "my bot" { # ERROR: Invalid name
  name = "My Bot"
}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template "create_customer" {}
}
