# Sends money from the Stripe balance to the account's bank account: asks
# for an amount and creates a payout in the bot's currency.
template "create_payout" {
  title       = "Create a Payout"
  description = "Creates a Stripe payout of an amount from the balance to the account's default bank account."
  intent      = "createPayout"
  utterances = [
    "create a payout",
    "send a payout",
    "pay out my balance",
    "transfer money to my bank account",
    "I want to withdraw funds from Stripe",
    "new payout",
  ]
  resources = ["payouts"]

  # A payout goes to a bank account in one currency, which the bot's owner
  # knows and the person chatting need not. Only currencies with cents: the
  # amount a person types is multiplied by 100.
  option "currency" {
    type        = "string"
    default     = "usd"
    allowed     = ["usd", "eur", "gbp", "cad", "aud", "chf", "nzd", "sgd", "inr"]
    description = "Currency of the payout (Stripe's currency parameter): one the account has a bank account for. Only currencies with cents are offered, because the amount a person types is multiplied by 100."
  }

  entity "amount" {
    type         = "number"
    prompt       = "How much should be paid out, for example 12.50?"
    error_prompt = "Please enter an amount such as 12.50."
  }

  # The amount in cents (see create_payment_intent.hcl).
  script "createPayoutScript" {
    code = <<-JS
      function str(v) { return v === undefined || v === null ? "" : String(v).trim(); }
      // A number entity gives a number; typed text such as "$12.50" is read
      // as well. "12.50", "12.5", "$12.50" or 12.5 become 1250 cents; NaN
      // (sent as such, so Stripe explains the problem) when there is no number.
      function cents(v) {
        var n = typeof v === "number" ? v : parseFloat(str(v).replace(/[^0-9.\-]/g, ""));
        return Math.round(n * 100);
      }
      context.createPayoutAmount = cents(context.entities.amount);
    JS
  }

  service "createPayoutService" {
    method = "POST"
    path   = "/v1/payouts"
    body = {
      amount   = "{{context.createPayoutAmount}}"
      currency = option.currency
    }

    on_failure "createPayoutFailureMessage" {
      text = "Stripe could not create the payout: {{context.createPayoutService.response.body.error.message}}"
    }
  }

  # Formats Stripe's amount (in cents) and arrival date for the closing message.
  script "createPayoutTextScript" {
    code = <<-JS
      var payout = context.createPayoutService.response.body || {};
      context.createPayoutAmountText = (Number(payout.amount) / 100).toFixed(2) + " " + String(payout.currency || "").toUpperCase();
      context.createPayoutArrivalText = payout.arrival_date ? new Date(payout.arrival_date * 1000).toISOString().slice(0, 10) : "a date Stripe has not set yet";
    JS
  }

  message "createPayoutMessage" {
    text = "Payout {{context.createPayoutService.response.body.id}} of {{context.createPayoutAmountText}} created. Its status is {{context.createPayoutService.response.body.status}}, and it is expected to arrive on {{context.createPayoutArrivalText}}."
  }
}
