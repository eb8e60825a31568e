# A prompt that says nothing.
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
  template "create_customer" {
    entity "email" {
      prompt = "" # ERROR: Invalid value
    }
  }
}
