# A sensitive value would end up in the export in plain text, and in messages.
bot "payments" {
  description = "Support line: ${var.support_pin}" # ERROR: Sensitive value not allowed here
}

variable "support_pin" {
  type      = string
  sensitive = true
  default   = "4711"
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
  template "create_invoice" {
    currency = var.support_pin # ERROR: Sensitive value not allowed here
  }
}
