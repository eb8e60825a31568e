# Shows the Stripe balance: what is available to pay out and what is still
# pending, in each currency the account holds.
template "retrieve_balance" {
  title       = "Retrieve balance"
  description = "Shows the Stripe account's available and pending balance in each currency."
  intent      = "retrieveBalance"
  utterances = [
    "what is my balance",
    "show my Stripe balance",
    "how much money do I have in Stripe",
    "check my balance",
    "how much is available to pay out",
    "retrieve the balance",
  ]
  resources = ["balance"]

  service "retrieveBalanceService" {
    method = "GET"
    path   = "/v1/balance"

    on_failure "retrieveBalanceFailureMessage" {
      text = "Stripe could not retrieve the balance: {{context.retrieveBalanceService.response.body.error.message}}"
    }
  }

  # Turns the per-currency amounts into one sentence; a message template
  # alone cannot loop over them.
  script "retrieveBalanceScript" {
    code = <<-JS
      // Currencies whose smallest unit is the whole unit (Stripe's list).
      var zeroDecimal = ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"];
      function money(amount, currency) {
        var code = String(currency || "").toLowerCase();
        var value = zeroDecimal.indexOf(code) >= 0 ? String(amount) : (Number(amount) / 100).toFixed(2);
        return value + " " + code.toUpperCase();
      }
      // "12.50 USD, 3.00 EUR and 500 JPY", or "nothing".
      function amounts(list) {
        var parts = [];
        for (var i = 0; i < (list || []).length; i++) {
          var b = list[i] || {};
          parts.push(money(b.amount, b.currency));
        }
        if (parts.length === 0) { return "nothing"; }
        if (parts.length === 1) { return parts[0]; }
        return parts.slice(0, -1).join(", ") + " and " + parts[parts.length - 1];
      }
      var balance = context.retrieveBalanceService.response.body || {};
      context.retrieveBalanceText = "Your Stripe balance: " + amounts(balance.available) + " available to pay out, and " + amounts(balance.pending) + " pending.";
    JS
  }

  message "retrieveBalanceMessage" {
    text = "{{context.retrieveBalanceText}}"
  }
}
