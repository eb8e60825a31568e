# Cancels a PaymentIntent that has not been paid: asks for its id and the
# reason, which Stripe keeps on the PaymentIntent.
template "cancel_payment_intent" {
  title       = "Cancel a payment intent"
  description = "Cancels a Stripe PaymentIntent that has not been paid yet, with a reason."
  intent      = "cancelPaymentIntent"
  utterances = [
    "cancel a payment intent",
    "cancel a payment",
    "stop a payment",
    "the customer no longer wants to pay",
    "void a payment intent",
    "I want to cancel a pending payment",
  ]
  resources = ["payment_intents"]

  entity "paymentIntent" {
    type         = "label"
    prompt       = "What is the id of the payment intent to cancel (it starts with pi_)?"
    error_prompt = "Please enter a payment intent id such as pi_3MtwBwLkdIwHu7ix28a3tqPa."
  }

  # Stripe's cancellation_reason values, in words; the script puts the
  # underscores back.
  entity "cancellationReason" {
    type           = "list_of_values"
    allowed_values = ["requested by customer", "duplicate", "fraudulent", "abandoned"]
    prompt         = "Why is it canceled: requested by customer, duplicate, fraudulent or abandoned?"
    error_prompt   = "Please choose one of: requested by customer, duplicate, fraudulent or abandoned."
  }

  # The id becomes one segment of the URL (see retrieve_payment_intent.hcl);
  # the reason is Stripe's word for it, whatever the case or spaces typed.
  script "cancelPaymentIntentScript" {
    code = <<-JS
      function str(v) { return v === undefined || v === null ? "" : String(v).trim(); }
      function jsonText(v) { var s = JSON.stringify(str(v)); return s.slice(1, s.length - 1); }
      context.cancelPaymentIntentId = encodeURIComponent(str(context.entities.paymentIntent));
      context.cancelPaymentIntentReason = jsonText(str(context.entities.cancellationReason).toLowerCase().replace(/[\s-]+/g, "_"));
    JS
  }

  service "cancelPaymentIntentService" {
    method = "POST"
    path   = "/v1/payment_intents/{{context.cancelPaymentIntentId}}/cancel"
    body = {
      cancellation_reason = "{{context.cancelPaymentIntentReason}}"
    }

    on_failure "cancelPaymentIntentFailureMessage" {
      text = "Stripe could not cancel the payment intent: {{context.cancelPaymentIntentService.response.body.error.message}}"
    }
  }

  # Formats Stripe's amount and reason for the closing message.
  script "cancelPaymentIntentTextScript" {
    code = <<-JS
      // Currencies whose smallest unit is the whole unit (Stripe's list).
      var zeroDecimal = ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"];
      function money(amount, currency) {
        var code = String(currency || "").toLowerCase();
        var value = zeroDecimal.indexOf(code) >= 0 ? String(amount) : (Number(amount) / 100).toFixed(2);
        return value + " " + code.toUpperCase();
      }
      var pi = context.cancelPaymentIntentService.response.body || {};
      context.cancelPaymentIntentAmountText = money(pi.amount, pi.currency);
      context.cancelPaymentIntentReasonText = pi.cancellation_reason ? String(pi.cancellation_reason).replace(/_/g, " ") : "none given";
    JS
  }

  message "cancelPaymentIntentMessage" {
    text = "Payment intent {{context.cancelPaymentIntentService.response.body.id}} for {{context.cancelPaymentIntentAmountText}} is canceled (reason: {{context.cancelPaymentIntentReasonText}})."
  }
}
