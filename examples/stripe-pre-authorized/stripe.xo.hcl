action "stripe" {
  authorization {
    mode    = "pre_authorized"
    api_key = var.stripe_api_key
  }

  template "create_customer" {}
  template "list_customers" {}

  template "create_invoice" {
    dialog_name = "Bill a customer"
    utterances  = ["send an invoice", "bill a customer", "invoice a client for a product"]
    currency    = var.invoice_currency

    entity "dueDate" {
      prompt       = "When should the invoice be paid?"
      error_prompt = "Please give a date, such as 31 December."
    }
  }

  template "list_invoices" {}
  template "create_payment_intent" {}
}
