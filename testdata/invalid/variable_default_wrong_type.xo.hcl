# The default does not fit the variable's type.
bot "payments" {}

variable "invoice_limit" {
  type    = number
  default = "ten" # ERROR: Invalid default value for variable
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
