# The team's refund for VIP customers: a payment goes back in full, once
# the person asking has confirmed it, with a note on the refund saying why.
# This file is in the language of xoc's catalog templates (see "Template
# files" in xoc's README): xoc checks it at every line, as the bot's own
# files, and `xoc templates --dir . refund_vip` shows it.
template "refund_vip" {
  title       = "Refund a VIP payment"
  description = "Refunds a VIP customer's payment in full, once confirmed, and says how much went back."
  intent      = "refundVip"
  utterances = [
    "refund a vip",
    "refund a VIP payment",
    "give a VIP customer their money back",
    "a VIP wants a refund",
    "refund my best customer",
  ]
  resources = ["refunds"]

  option "note" {
    type        = "string"
    default     = "VIP refund"
    description = "Why the refund was made, kept on it as metadata[note] for the finance team."
  }

  entity "paymentIntent" {
    type         = "label"
    prompt       = "Which payment should go back? Give its id, such as pi_3MtwBwLkdIwHu7ix28a3tqPa."
    error_prompt = "Please give the payment's id: it starts with pi_."
  }

  # The id as typed, trimmed, and escaped as the inside of a JSON string for
  # the form body (see the catalog's create_customer.hcl).
  script "refundVipScript" {
    code = <<-JS
      function jsonText(v) { var s = JSON.stringify(String(v === undefined || v === null ? "" : v).trim()); return s.slice(1, s.length - 1); }
      context.refundVipPaymentIntent = jsonText(context.entities.paymentIntent);
    JS
  }

  confirm "refundVipConfirm" {
    prompt = "Refund payment {{context.entities.paymentIntent}} in full?"

    on_no "refundVipCancelledMessage" {
      text = "Nothing was refunded."
    }
  }

  service "refundVipService" {
    method = "POST"
    path   = "/v1/refunds"
    body = {
      payment_intent   = "{{context.refundVipPaymentIntent}}"
      reason           = "requested_by_customer"
      "metadata[note]" = option.note
    }

    on_failure "refundVipFailureMessage" {
      text = "Stripe could not refund the payment: {{context.refundVipService.response.body.error.message}}"
    }
  }

  # Formats Stripe's amount (in cents) for the closing message.
  script "refundVipTextScript" {
    code = <<-JS
      var refund = context.refundVipService.response.body || {};
      context.refundVipAmountText = (Number(refund.amount) / 100).toFixed(2) + " " + String(refund.currency || "").toUpperCase();
    JS
  }

  message "refundVipMessage" {
    text = "Refund {{context.refundVipService.response.body.id}} of {{context.refundVipAmountText}} made for payment {{context.refundVipService.response.body.payment_intent}}. Its status is {{context.refundVipService.response.body.status}}."
  }
}
