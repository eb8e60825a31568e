# The variable's own default fails its validation.
bot "payments" {}

variable "invoice_limit" {
  type    = number
  default = 0

  validation {
    condition     = var.invoice_limit >= 1 # ERROR: Invalid value for variable
    error_message = "Show at least one invoice."
  }
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
