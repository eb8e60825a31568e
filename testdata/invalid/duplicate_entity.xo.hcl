# An entity's prompts are overridden in one place.
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
    entity "dueDate" {
      prompt = "When should the invoice be paid?"
    }
    entity "dueDate" { # ERROR: Duplicate entity "dueDate"
      error_prompt = "Please give a date, such as 31 December."
    }
  }
}
