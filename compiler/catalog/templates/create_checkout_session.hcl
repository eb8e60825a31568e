# Makes a payment link for a one-off product: asks what is sold, for how
# much and how many, creates a Checkout Session in payment mode with that
# line item, and shows the session's URL, where the customer pays.
template "create_checkout_session" {
  title       = "Create a checkout session"
  description = "Creates a Stripe Checkout Session for a product, a unit price and a quantity, and shows the payment page's URL."
  intent      = "createCheckoutSession"
  utterances = [
    "create a checkout session",
    "make a payment link",
    "create a checkout page",
    "I want to sell a product online",
    "send a customer a link to pay",
    "new checkout session",
  ]
  resources = ["checkout/sessions"]

  option "currency" {
    type        = "string"
    default     = "usd"
    allowed     = ["usd", "eur", "gbp", "cad", "aud", "chf", "nzd", "sgd", "inr"]
    description = "Currency of the price (Stripe's line_items[0][price_data][currency]). Only currencies with cents are offered, because the price a person types is multiplied by 100."
  }

  # Stripe sends the customer to these pages after paying or giving up. The
  # defaults only make a session Stripe accepts: a bot sets its own pages.
  # Stripe replaces {CHECKOUT_SESSION_ID} with the session's id.
  option "success_url" {
    type        = "string"
    default     = "https://example.com/checkout/success?session_id={CHECKOUT_SESSION_ID}"
    description = "The page Stripe sends the customer to after paying (Stripe's success_url); set your own."
  }

  option "cancel_url" {
    type        = "string"
    default     = "https://example.com/checkout/cancel"
    description = "The page Stripe sends the customer to when they go back without paying (Stripe's cancel_url); set your own."
  }

  entity "productName" {
    type         = "label"
    prompt       = "What product or service is the customer paying for?"
    error_prompt = "Please describe the product or service in a few words."
  }

  entity "unitAmount" {
    type         = "number"
    prompt       = "What is the price of one unit, for example 12.50?"
    error_prompt = "Please enter a price such as 12.50."
  }

  entity "productQuantity" {
    type         = "number"
    prompt       = "How many units?"
    error_prompt = "Please enter a whole number of units, such as 3."
  }

  # Prepares the line item: the price in cents, a whole quantity and the
  # product's name escaped for the JSON object of form fields (see
  # create_customer.hcl and create_invoice.hcl).
  script "createCheckoutSessionScript" {
    code = <<-JS
      function str(v) { return v === undefined || v === null ? "" : String(v).trim(); }
      function jsonText(v) { var s = JSON.stringify(str(v)); return s.slice(1, s.length - 1); }
      // A number entity gives a number; typed text such as "$12.50" or
      // "1,250" is read as well. NaN (sent as such, so Stripe explains the
      // problem) when there is no number.
      function number(v) {
        return typeof v === "number" ? v : parseFloat(str(v).replace(/[^0-9.\-]/g, ""));
      }
      context.createCheckoutSessionUnitAmount = Math.round(number(context.entities.unitAmount) * 100); // 12.50 -> 1250 cents
      context.createCheckoutSessionQuantity = Math.round(number(context.entities.productQuantity));
      context.createCheckoutSessionProductName = jsonText(context.entities.productName);
    JS
  }

  service "createCheckoutSessionService" {
    method = "POST"
    path   = "/v1/checkout/sessions"
    body = {
      mode                                            = "payment"
      "line_items[0][price_data][currency]"           = option.currency
      "line_items[0][price_data][unit_amount]"        = "{{context.createCheckoutSessionUnitAmount}}"
      "line_items[0][price_data][product_data][name]" = "{{context.createCheckoutSessionProductName}}"
      "line_items[0][quantity]"                       = "{{context.createCheckoutSessionQuantity}}"
      success_url                                     = option.success_url
      cancel_url                                      = option.cancel_url
    }

    on_failure "createCheckoutSessionFailureMessage" {
      text = "Stripe could not create the checkout session: {{context.createCheckoutSessionService.response.body.error.message}}"
    }
  }

  # Formats the total for the closing message: Stripe's amount_total and
  # currency, or, where Stripe leaves them out, what was sent.
  script "createCheckoutSessionTextScript" {
    code = <<-JS
      var session = context.createCheckoutSessionService.response.body || {};
      var total = typeof session.amount_total === "number" ? session.amount_total : context.createCheckoutSessionUnitAmount * context.createCheckoutSessionQuantity;
      context.createCheckoutSessionTotalText = (Number(total) / 100).toFixed(2) + " " + String(session.currency || ${jsonencode(option.currency)}).toUpperCase();
    JS
  }

  message "createCheckoutSessionMessage" {
    text = "Checkout session {{context.createCheckoutSessionService.response.body.id}} for {{context.createCheckoutSessionTotalText}} is ready. The customer pays here: {{context.createCheckoutSessionService.response.body.url}}"
  }
}
