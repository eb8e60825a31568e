# ENV: XOC_VAR_invoice_limit=ten
# The environment gives a value the variable's type does not take.
bot "payments" {}

variable "invoice_limit" { # ERROR: Invalid value for variable
  type    = number
  default = 10
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
