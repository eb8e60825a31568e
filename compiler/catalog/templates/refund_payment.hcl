# Refunds a payment, in full or in part: asks for the PaymentIntent's id and
# how much to refund ("all", or an amount), looks the PaymentIntent up for
# its currency and what is left to refund, then creates the refund.
#
# A form field cannot be left out at run time, and Stripe refuses an empty
# amount, so a full refund sends the amount too: what the payment's charge
# captured minus what was refunded before, from the lookup. The lookup also
# gives the currency, so an amount typed for a currency without cents
# (500 JPY) is not multiplied by 100.
template "refund_payment" {
  title       = "Refund a payment"
  description = "Refunds a Stripe payment (a PaymentIntent) in full or in part."
  intent      = "refundPayment"
  utterances = [
    "refund a payment",
    "give the customer their money back",
    "issue a refund",
    "refund a customer",
    "I want to refund part of a payment",
    "make a full refund",
  ]
  resources = ["payment_intents", "refunds"]

  entity "paymentIntent" {
    type         = "label"
    prompt       = "What is the id of the payment to refund (it starts with pi_)?"
    error_prompt = "Please enter a payment intent id such as pi_3MtwBwLkdIwHu7ix28a3tqPa."
  }

  # Text, not a number: "all" or "full" is an answer too.
  entity "refundAmount" {
    type         = "label"
    prompt       = "How much should be refunded? Say \"all\" for the full amount, or give an amount such as 12.50."
    error_prompt = "Please say \"all\" or give an amount such as 12.50."
  }

  # The id becomes one segment of the URL (see retrieve_payment_intent.hcl).
  script "refundPaymentScript" {
    code = <<-JS
      function str(v) { return v === undefined || v === null ? "" : String(v).trim(); }
      context.refundPaymentIntentId = encodeURIComponent(str(context.entities.paymentIntent));
    JS
  }

  # The latest charge, expanded, says what was captured and refunded.
  service "refundPaymentLookupService" {
    method = "GET"
    path   = "/v1/payment_intents/{{context.refundPaymentIntentId}}"
    query = {
      "expand[]" = "latest_charge"
    }

    on_failure "refundPaymentLookupFailureMessage" {
      text = "Stripe could not find the payment to refund: {{context.refundPaymentLookupService.response.body.error.message}}"
    }
  }

  # The amount in the currency's smallest unit: for "all", "full" or no
  # answer, what is left to refund; otherwise the number typed ("12.50",
  # "$12.50", 12.5), times 100 unless the currency has no cents. NaN (sent
  # as such, so Stripe explains the problem) when there is no number.
  script "refundPaymentAmountScript" {
    code = <<-JS
      function str(v) { return v === undefined || v === null ? "" : String(v).trim(); }
      function jsonText(v) { var s = JSON.stringify(str(v)); return s.slice(1, s.length - 1); }
      var zeroDecimal = ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"];
      var pi = context.refundPaymentLookupService.response.body || {};
      var charge = pi.latest_charge && typeof pi.latest_charge === "object" ? pi.latest_charge : null;
      var unit = zeroDecimal.indexOf(String(pi.currency || "").toLowerCase()) >= 0 ? 1 : 100;
      var typed = context.entities.refundAmount;
      var words = str(typed).toLowerCase().replace(/[^a-z ]/g, "").replace(/\s+/g, " ").trim();
      var full = /^(all|full|everything|all of it|(the )?(full|whole|entire) amount|full refund)?$/.test(words) && !/[0-9]/.test(str(typed));
      if (full) {
        context.refundPaymentAmount = charge ? Number(charge.amount_captured) - Number(charge.amount_refunded || 0) : Number(pi.amount_received);
      } else {
        var n = typeof typed === "number" ? typed : parseFloat(str(typed).replace(/[^0-9.\-]/g, ""));
        context.refundPaymentAmount = Math.round(n * unit);
      }
      context.refundPaymentFull = full;
      context.refundPaymentPaymentIntent = jsonText(pi.id);
    JS
  }

  service "refundPaymentService" {
    method = "POST"
    path   = "/v1/refunds"
    body = {
      payment_intent = "{{context.refundPaymentPaymentIntent}}"
      amount         = "{{context.refundPaymentAmount}}"
    }

    on_failure "refundPaymentFailureMessage" {
      text = "Stripe could not refund the payment: {{context.refundPaymentService.response.body.error.message}}"
    }
  }

  # Formats Stripe's amount for the closing message.
  script "refundPaymentTextScript" {
    code = <<-JS
      var zeroDecimal = ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"];
      function money(amount, currency) {
        var code = String(currency || "").toLowerCase();
        var value = zeroDecimal.indexOf(code) >= 0 ? String(amount) : (Number(amount) / 100).toFixed(2);
        return value + " " + code.toUpperCase();
      }
      var refund = context.refundPaymentService.response.body || {};
      context.refundPaymentText = (context.refundPaymentFull ? "Full refund " : "Refund ") + refund.id + " of " + money(refund.amount, refund.currency) + " for payment " + (refund.payment_intent || context.refundPaymentLookupService.response.body.id) + ": its status is " + refund.status + ".";
    JS
  }

  message "refundPaymentMessage" {
    text = "{{context.refundPaymentText}}"
  }
}
