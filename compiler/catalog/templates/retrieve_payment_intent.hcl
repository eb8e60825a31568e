# Looks up a PaymentIntent by its id and says, in words, how much it is
# for, how much has been received and where it stands.
template "retrieve_payment_intent" {
  title       = "Retrieve a payment intent"
  description = "Shows a Stripe PaymentIntent's amount, what has been received and its status, in words."
  intent      = "retrievePaymentIntent"
  utterances = [
    "retrieve a payment intent",
    "check a payment",
    "what is the status of a payment",
    "has the customer paid",
    "look up a payment intent",
    "show me a payment intent",
  ]
  resources = ["payment_intents"]

  entity "paymentIntent" {
    type         = "label"
    prompt       = "What is the payment intent id (it starts with pi_)?"
    error_prompt = "Please enter a payment intent id such as pi_3MtwBwLkdIwHu7ix28a3tqPa."
  }

  # The id becomes one segment of the URL: encodeURIComponent keeps a
  # slash, a question mark or a space in what was typed from reaching
  # another path.
  script "retrievePaymentIntentScript" {
    code = <<-JS
      function str(v) { return v === undefined || v === null ? "" : String(v).trim(); }
      context.retrievePaymentIntentId = encodeURIComponent(str(context.entities.paymentIntent));
    JS
  }

  service "retrievePaymentIntentService" {
    method = "GET"
    path   = "/v1/payment_intents/{{context.retrievePaymentIntentId}}"

    on_failure "retrievePaymentIntentFailureMessage" {
      text = "Stripe could not retrieve the payment intent: {{context.retrievePaymentIntentService.response.body.error.message}}"
    }
  }

  # Says the amounts (in the currency's units) and Stripe's status in words.
  script "retrievePaymentIntentTextScript" {
    code = <<-JS
      // Currencies whose smallest unit is the whole unit (Stripe's list).
      var zeroDecimal = ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"];
      function money(amount, currency) {
        var code = String(currency || "").toLowerCase();
        var value = zeroDecimal.indexOf(code) >= 0 ? String(amount) : (Number(amount) / 100).toFixed(2);
        return value + " " + code.toUpperCase();
      }
      var statusWords = {
        requires_payment_method: "is waiting for a payment method",
        requires_confirmation: "is waiting to be confirmed",
        requires_action: "is waiting for the customer to finish paying (for example 3-D Secure)",
        processing: "is being processed",
        requires_capture: "is authorized and waiting to be captured",
        canceled: "was canceled",
        succeeded: "has been paid"
      };
      var pi = context.retrievePaymentIntentService.response.body || {};
      var text = "Payment intent " + pi.id + " for " + money(pi.amount, pi.currency);
      if (pi.customer) { text += " (customer " + pi.customer + ")"; }
      text += " " + (statusWords[pi.status] || "has the status " + pi.status) + ".";
      text += " Received so far: " + money(pi.amount_received || 0, pi.currency) + ".";
      if (pi.status === "canceled" && pi.cancellation_reason) {
        text += " Reason: " + String(pi.cancellation_reason).replace(/_/g, " ") + ".";
      }
      context.retrievePaymentIntentText = text;
    JS
  }

  message "retrievePaymentIntentMessage" {
    text = "{{context.retrievePaymentIntentText}}"
  }
}
