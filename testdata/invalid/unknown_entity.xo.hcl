# create_invoice's entity is dueDate, not due_date.
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
  template "create_invoice" {
    entity "due_date" { # ERROR: Unknown entity
      prompt = "When should the invoice be paid?"
    }
  }
}
