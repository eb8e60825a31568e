# ENV: XOC_VAR_invoice_currency=EUR
# The value from the environment fails the variable's validation.
bot "payments" {}

variable "invoice_currency" {
  type    = string
  default = "usd"

  validation {
    condition     = lower(var.invoice_currency) == var.invoice_currency # ERROR: Invalid value for variable
    error_message = "Currencies are written in lower case, such as \"eur\"."
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
  template "create_invoice" {
    currency = var.invoice_currency
  }
}
