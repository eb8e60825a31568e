variable "brand" {
  type        = string
  default     = "Acme"
  description = "Brand shown in the bot's name and dialogs"

  validation {
    condition     = length(var.brand) > 0 && length(var.brand) <= 40
    error_message = "The brand is 1 to 40 characters long."
  }
}

variable "stripe_host" {
  type        = string
  default     = "https://api.stripe.com"
  description = "Where end users' requests go"

  validation {
    condition     = length(regexall("^https://", var.stripe_host)) > 0
    error_message = "The Stripe host is an https URL."
  }
}

variable "invoice_currency" {
  type    = string
  default = "eur"

  validation {
    condition     = contains(["usd", "eur", "gbp"], var.invoice_currency)
    error_message = "Invoices are sent in usd, eur or gbp."
  }
}

variable "invoice_page_size" {
  type    = number
  default = 25
}

variable "customer_utterances" {
  type    = list(string)
  default = ["add a customer", "new customer", "register a client"]
}
