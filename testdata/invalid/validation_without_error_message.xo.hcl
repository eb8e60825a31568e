# A failed validation needs something to say.
bot "payments" {}

variable "invoice_limit" {
  type    = number
  default = 10

  validation { # ERROR: Missing required argument
    condition = var.invoice_limit <= 50
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
