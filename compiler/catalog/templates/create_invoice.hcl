# Kore.ai's Stripe template "Create Invoice": asks who to bill and for what,
# creates the customer, a draft invoice sent by email (collection_method =
# send_invoice) and one invoice item on it. On API version 2023-10-16 a new
# invoice does not pull in pending items, so the item names the invoice.
template "create_invoice" {
  title       = "Create Invoice"
  description = "Creates a customer, an invoice due on a given date and an invoice item for a product in Stripe."
  intent      = "createInvoice"
  utterances = [
    "create an invoice",
    "send an invoice",
    "bill a customer",
    "make a new invoice",
    "I need to invoice a customer",
    "raise an invoice for a product",
  ]
  resources = ["customers", "invoices", "invoiceitems"]

  option "currency" {
    type        = "string"
    default     = "usd"
    allowed     = ["usd", "eur", "gbp", "cad", "aud", "chf", "nzd", "sgd", "inr"]
    description = "Currency of the invoice and its item (Stripe's currency parameter). Only currencies with cents are offered, because the price a person types is multiplied by 100."
  }

  entity "name" {
    type         = "person_name"
    prompt       = "Who is the invoice for? Please give the customer's full name."
    error_prompt = "Please enter the customer's name, for example Jane Doe."
  }

  entity "email" {
    type         = "email"
    prompt       = "What email address should the invoice go to?"
    error_prompt = "That does not look like an email address. Please enter one such as jane@example.com."
  }

  entity "phone" {
    type         = "phone_number"
    prompt       = "What is the customer's phone number?"
    error_prompt = "Please enter a phone number with its country code, such as +1 415 555 0100."
  }

  entity "dueDate" {
    type         = "date"
    prompt       = "When is the invoice due?"
    error_prompt = "Please enter a date, such as 31 December 2026."
  }

  entity "productName" {
    type         = "label"
    prompt       = "What product or service is the invoice for?"
    error_prompt = "Please describe the product or service in a few words."
  }

  entity "productQuantity" {
    type         = "number"
    prompt       = "How many units?"
    error_prompt = "Please enter a whole number of units, such as 3."
  }

  entity "unitAmount" {
    type         = "number"
    prompt       = "What is the price of one unit, for example 12.50?"
    error_prompt = "Please enter a price such as 12.50."
  }

  # Converts what a person typed into what Stripe wants (price in cents, due
  # date in Unix seconds, whole quantity) and escapes the texts for the JSON
  # object of form fields the platform substitutes them into (see
  # create_customer.hcl).
  script "createInvoiceScript" {
    code = <<-JS
      function str(v) { return v === undefined || v === null ? "" : String(v).trim(); }
      function jsonText(v) { var s = JSON.stringify(str(v)); return s.slice(1, s.length - 1); }
      // A number entity gives a number; typed text such as "$12.50" or
      // "1,250" is read as well. NaN (sent as such, so Stripe explains the
      // problem) when there is no number.
      function number(v) {
        return typeof v === "number" ? v : parseFloat(str(v).replace(/[^0-9.\-]/g, ""));
      }
      // "2026-12-31" becomes midnight UTC of that day in Unix seconds.
      function unixDay(v) {
        var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(str(v));
        return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000 : NaN;
      }
      context.createInvoiceUnitAmount = Math.round(number(context.entities.unitAmount) * 100); // 12.50 -> 1250 cents
      context.createInvoiceQuantity = Math.round(number(context.entities.productQuantity));
      context.createInvoiceDescription = jsonText(context.entities.productName);
      context.createInvoiceDueDate = unixDay(context.entities.dueDate);
      context.createInvoiceName = jsonText(context.entities.name);
      context.createInvoiceEmail = jsonText(context.entities.email);
      context.createInvoicePhone = jsonText(context.entities.phone);
    JS
  }

  service "createInvoiceCustomerService" {
    method = "POST"
    path   = "/v1/customers"
    body = {
      name  = "{{context.createInvoiceName}}"
      email = "{{context.createInvoiceEmail}}"
      phone = "{{context.createInvoicePhone}}"
    }

    on_failure "createInvoiceCustomerFailureMessage" {
      text = "Stripe could not create the customer for the invoice: {{context.createInvoiceCustomerService.response.body.error.message}}"
    }
  }

  # Stripe's ids are safe text, but a body takes only prepared values.
  script "createInvoiceCustomerIdScript" {
    code = <<-JS
      context.createInvoiceCustomerId = JSON.stringify(String(context.createInvoiceCustomerService.response.body.id)).slice(1, -1);
    JS
  }

  service "createInvoiceService" {
    method = "POST"
    path   = "/v1/invoices"
    body = {
      customer          = "{{context.createInvoiceCustomerId}}"
      collection_method = "send_invoice"
      due_date          = "{{context.createInvoiceDueDate}}"
      currency          = option.currency
    }

    on_failure "createInvoiceFailureMessage" {
      text = "Customer {{context.createInvoiceCustomerService.response.body.id}} was created, but Stripe could not create the invoice: {{context.createInvoiceService.response.body.error.message}}"
    }
  }

  script "createInvoiceIdScript" {
    code = <<-JS
      context.createInvoiceId = JSON.stringify(String(context.createInvoiceService.response.body.id)).slice(1, -1);
    JS
  }

  service "createInvoiceItemService" {
    method = "POST"
    path   = "/v1/invoiceitems"
    body = {
      customer            = "{{context.createInvoiceCustomerId}}"
      invoice             = "{{context.createInvoiceId}}"
      currency            = option.currency
      description         = "{{context.createInvoiceDescription}}"
      quantity            = "{{context.createInvoiceQuantity}}"
      unit_amount_decimal = "{{context.createInvoiceUnitAmount}}"
    }

    on_failure "createInvoiceItemFailureMessage" {
      text = "Invoice {{context.createInvoiceService.response.body.id}} was created, but Stripe could not add the item to it: {{context.createInvoiceItemService.response.body.error.message}}"
    }
  }

  # Formats Stripe's amounts and dates for the closing message.
  script "createInvoiceTextScript" {
    code = <<-JS
      var item = context.createInvoiceItemService.response.body || {};
      var invoice = context.createInvoiceService.response.body || {};
      context.createInvoiceTotalText = (Number(item.amount) / 100).toFixed(2) + " " + String(item.currency || "").toUpperCase();
      context.createInvoiceDueText = invoice.due_date ? new Date(invoice.due_date * 1000).toISOString().slice(0, 10) : "no due date";
    JS
  }

  message "createInvoiceMessage" {
    text = "Invoice {{context.createInvoiceService.response.body.id}} created for {{context.createInvoiceCustomerService.response.body.name}} ({{context.createInvoiceCustomerService.response.body.email}}): {{context.createInvoiceItemService.response.body.quantity}} x {{context.createInvoiceItemService.response.body.description}}, {{context.createInvoiceTotalText}} in total, due {{context.createInvoiceDueText}}. Its status is {{context.createInvoiceService.response.body.status}}."
  }
}
