# A validation checks its own variable only.
bot "payments" {}

variable "invoice_limit" {
  type    = number
  default = 10

  validation {
    condition     = var.invoice_limit <= var.max_limit # ERROR: Invalid reference in variable validation
    error_message = "Too many invoices."
  }
}

variable "max_limit" {
  type    = number
  default = 50
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
  template "list_invoices" {
    limit = var.invoice_limit
  }
}
