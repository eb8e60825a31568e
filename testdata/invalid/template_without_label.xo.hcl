# A template block names the template it installs.
bot "payments" {}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }
  template { # ERROR: Missing name for template
    dialog_name = "Add a customer"
  }
}
