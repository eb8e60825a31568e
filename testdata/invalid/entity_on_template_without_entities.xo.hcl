# list_customers asks for nothing, so it has no entity to override.
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
  template "list_customers" {
    entity "limit" { # ERROR: Unknown entity
      prompt = "How many customers?"
    }
  }
}
