# Looks up a customer by id and shows their contact details and balance.
template "retrieve_customer" {
  title       = "Retrieve a customer"
  description = "Shows a Stripe customer's name, email address, phone number and balance."
  intent      = "retrieveCustomer"
  utterances = [
    "retrieve a customer",
    "look up a customer",
    "show me a customer",
    "find a customer by id",
    "what are the customer's details",
    "get customer details",
  ]
  resources = ["customers"]

  entity "customer" {
    type         = "label"
    prompt       = "What is the Stripe customer id (it starts with cus_)?"
    error_prompt = "Please enter a customer id such as cus_NffrFeUfNV2Hib."
  }

  # The id becomes one segment of the URL (see retrieve_payment_intent.hcl).
  script "retrieveCustomerScript" {
    code = <<-JS
      function str(v) { return v === undefined || v === null ? "" : String(v).trim(); }
      context.retrieveCustomerId = encodeURIComponent(str(context.entities.customer));
    JS
  }

  service "retrieveCustomerService" {
    method = "GET"
    path   = "/v1/customers/{{context.retrieveCustomerId}}"

    on_failure "retrieveCustomerFailureMessage" {
      text = "Stripe could not retrieve the customer: {{context.retrieveCustomerService.response.body.error.message}}"
    }
  }

  # Leaves out what the customer lacks. Stripe answers a deleted customer's
  # id with only the id and deleted: true. A positive balance is what the
  # customer owes, a negative one a credit.
  script "retrieveCustomerTextScript" {
    code = <<-JS
      var zeroDecimal = ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"];
      function money(amount, currency) {
        var code = String(currency || "").toLowerCase();
        var value = zeroDecimal.indexOf(code) >= 0 ? String(amount) : (Number(amount) / 100).toFixed(2);
        return value + " " + code.toUpperCase();
      }
      var c = context.retrieveCustomerService.response.body || {};
      var text;
      if (c.deleted) {
        text = "Customer " + c.id + " has been deleted.";
      } else {
        text = "Customer " + c.id + ": " + (c.name || "no name");
        text += ", email " + (c.email || "none") + ", phone " + (c.phone || "none") + ".";
        if (c.balance && c.currency) {
          text += c.balance > 0 ? " They owe " + money(c.balance, c.currency) + "." : " They have a credit of " + money(-c.balance, c.currency) + ".";
        }
        if (c.created) {
          text += " Customer since " + new Date(c.created * 1000).toISOString().slice(0, 10) + ".";
        }
      }
      context.retrieveCustomerText = text;
    JS
  }

  message "retrieveCustomerMessage" {
    text = "{{context.retrieveCustomerText}}"
  }
}
