# Only pure functions: a build depends on nothing but its inputs.
bot "payments" {
  description = file("description.txt") # ERROR: Call to unknown function
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
