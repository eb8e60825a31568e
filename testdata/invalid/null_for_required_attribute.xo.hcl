# An attribute set to null is not set, as in Terraform: null is fine for an
# optional override, but a required attribute must have a value.
bot "null_mode" {
  name = null
}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}

action "stripe" {
  authorization { # ERROR: Missing required argument
    mode    = null
    api_key = var.stripe_api_key
  }

  template "create_customer" {
    dialog_name = null
  }
}
