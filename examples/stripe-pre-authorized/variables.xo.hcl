variable "stripe_api_key" {
  type        = string
  sensitive   = true
  description = "Stripe secret or restricted key"

  validation {
    condition     = length(var.stripe_api_key) > 20
    error_message = "A Stripe key is longer than 20 characters."
  }
}

variable "invoice_currency" {
  type        = string
  default     = "usd"
  description = "Currency of the invoices the bot sends"
}
