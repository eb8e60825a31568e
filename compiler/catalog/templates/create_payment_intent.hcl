# Kore.ai's Stripe template "Create a payment intent": asks for a currency,
# an amount and a Stripe customer id, then creates a PaymentIntent.
template "create_payment_intent" {
  title       = "Create a payment intent"
  description = "Creates a Stripe PaymentIntent for an amount in a currency, for an existing customer."
  intent      = "createPaymentIntent"
  utterances = [
    "create a payment intent",
    "start a payment",
    "take a payment from a customer",
    "charge a customer",
    "I want to collect a payment",
    "new payment intent",
  ]
  resources = ["payment_intents"]

  # Only currencies with cents: the amount a person types is multiplied by 100.
  entity "currency" {
    type           = "list_of_values"
    allowed_values = ["usd", "eur", "gbp", "cad", "aud", "chf", "nzd", "sgd", "inr"]
    prompt         = "Which currency should the payment be in?"
    error_prompt   = "Please choose one of: USD, EUR, GBP, CAD, AUD, CHF, NZD, SGD or INR."
  }

  entity "amount" {
    type         = "number"
    prompt       = "How much should the customer pay, for example 12.50?"
    error_prompt = "Please enter an amount such as 12.50."
  }

  entity "customer" {
    type         = "label"
    prompt       = "What is the Stripe customer id (it starts with cus_)?"
    error_prompt = "Please enter a customer id such as cus_NffrFeUfNV2Hib."
  }

  # Prepares the body's values: the amount in cents, and the texts escaped
  # for the JSON object the platform substitutes them into (see
  # create_customer.hcl).
  script "createPaymentIntentScript" {
    code = <<-JS
      function str(v) { return v === undefined || v === null ? "" : String(v).trim(); }
      function jsonText(v) { var s = JSON.stringify(str(v)); return s.slice(1, s.length - 1); }
      // A number entity gives a number; typed text such as "$12.50" is read
      // as well. "12.50", "12.5", "12", "$12.50" or 12.5 become 1250 cents.
      function cents(v) {
        var n = typeof v === "number" ? v : parseFloat(str(v).replace(/[^0-9.\-]/g, ""));
        return Math.round(n * 100);
      }
      context.createPaymentIntentAmount = cents(context.entities.amount);
      context.createPaymentIntentCurrency = jsonText(str(context.entities.currency).toLowerCase());
      context.createPaymentIntentCustomer = jsonText(context.entities.customer);
    JS
  }

  service "createPaymentIntentService" {
    method = "POST"
    path   = "/v1/payment_intents"
    body = {
      amount   = "{{context.createPaymentIntentAmount}}"
      currency = "{{context.createPaymentIntentCurrency}}"
      customer = "{{context.createPaymentIntentCustomer}}"
    }

    on_failure "createPaymentIntentFailureMessage" {
      text = "Stripe could not create the payment intent: {{context.createPaymentIntentService.response.body.error.message}}"
    }
  }

  # Formats Stripe's amount (in cents) for the closing message.
  script "createPaymentIntentTextScript" {
    code = <<-JS
      var pi = context.createPaymentIntentService.response.body || {};
      context.createPaymentIntentAmountText = (Number(pi.amount) / 100).toFixed(2) + " " + String(pi.currency || "").toUpperCase();
    JS
  }

  message "createPaymentIntentMessage" {
    text = "Payment intent {{context.createPaymentIntentService.response.body.id}} for {{context.createPaymentIntentAmountText}} created for customer {{context.createPaymentIntentService.response.body.customer}}. Its status is {{context.createPaymentIntentService.response.body.status}}."
  }
}
