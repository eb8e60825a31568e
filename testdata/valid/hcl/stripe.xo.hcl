auth_profile "stripe_end_user" {
  type                    = "basic"
  description             = "Each ${var.brand} customer signs in with their own Stripe secret key"
  base_url                = var.stripe_host
  authorization_check_url = local.check_url
  tenancy                 = false
}

action "stripe" {
  authorization {
    mode      = "user_authorized"
    mechanism = "basic"
    profile   = auth_profile.stripe_end_user
  }

  template "create_customer" {
    dialog_name = "Add a customer"
    utterances  = var.customer_utterances

    entity "phone" {
      prompt       = "Which phone number should Stripe keep for them?"
      error_prompt = "Please give a phone number with its country code, such as +44 20 7946 0958."
    }
  }

  template "list_invoices" {
    limit  = var.invoice_page_size
    status = "open"
  }

  template "create_invoice" {
    dialog_name = "Bill a customer of ${var.brand}"
    utterances  = ["bill a customer", "send an invoice"]
    currency    = var.invoice_currency

    entity "dueDate" {
      prompt       = "When should the invoice be paid?"
      error_prompt = "Please give a date, such as 31 December."
    }
    entity "unitAmount" {
      prompt = "What does one unit cost, for example 12.50?"
    }
  }

  template "create_payment_intent" {
    dialog_name = "Take a payment"
  }
}
